namespace RRBackup.MSBuild.Tests.Support;

/// <summary>Files with known contents.</summary>
public static class TestData
{
    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void WriteFile(string root, string relativePath, byte[] contents)
    {
        var path = Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, contents);
    }

    public static void WriteFile(string root, string relativePath, string contents) =>
        WriteFile(root, relativePath, System.Text.Encoding.UTF8.GetBytes(contents));
}
