using System.Text.RegularExpressions;

namespace RRBackup.MSBuild.Tests.Support;

/// <summary>The repository's documentation pages, for tests that run the examples they show.</summary>
public static class Docs
{
    /// <summary>The repository root: the first folder above the tests that holds docs/.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "docs", "msbuild.md")))
            {
                return folder.FullName;
            }
        }

        Assert.Fail("docs/msbuild.md was not found above the test folder");
        return "";
    }

    /// <summary>The fenced code blocks of <paramref name="language"/> in <paramref name="page"/>, in page order.</summary>
    public static List<string> Blocks(string language, string page) =>
        [.. Regex.Matches(page, $"```{Regex.Escape(language)}\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)];
}
