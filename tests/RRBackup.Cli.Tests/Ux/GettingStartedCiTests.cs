using System.Text.RegularExpressions;
using RRBackup.Cli.Tests.Support;
using static RRBackup.Cli.Tests.Ux.UxRun;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>
/// docs/getting-started-ci.md, run: its two configurations (with a local store in place of the S3
/// bucket), a labelled snapshot of a publish folder per build, an atomic deploy of label:build=123 from
/// a read-only configuration, the next build deployed over it, and a rollback.
/// </summary>
[TestFixture]
public sealed partial class GettingStartedCiTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp() => _sandbox = new CliSandbox();

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    [Test]
    public void The_pipeline_snapshots_builds_with_labels_and_the_deploy_pulls_one_atomically()
    {
        var blocks = IniBlocks().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "getting-started-ci.md")))
            .Select(m => m.Groups[1].Value).ToList();
        Assert.That(blocks, Has.Count.GreaterThanOrEqualTo(2), "the page shows the snapshot and the deploy configurations");
        var store = Path.Combine(_sandbox.Root, "store");
        string Local(string ini) => S3Section().Replace(ini, $"[local]\npath: {store}\n");

        // The repository: ci/snapshot.ini beside publish/ (base_path: ../publish).
        var repository = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "repo")).FullName;
        Directory.CreateDirectory(Path.Combine(repository, "ci"));
        File.WriteAllText(Path.Combine(repository, "ci", "snapshot.ini"), Local(blocks[0]));
        // The server: /etc/rrbackup/app.ini, with its paths moved into the sandbox.
        var server = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "server")).FullName;
        var app = Path.Combine(server, "srv", "app");
        File.WriteAllText(Path.Combine(server, "app.ini"), Local(blocks[1])
            .Replace("/srv/app", app, StringComparison.Ordinal)
            .Replace("/var/cache/rrbackup", Path.Combine(server, "cache"), StringComparison.Ordinal));

        var builds = new Dictionary<int, SortedDictionary<string, FileState>>();
        foreach (var build in new[] { 122, 123, 124 })
        {
            var publish = Path.Combine(repository, "publish");
            CliSandbox.WriteFileUnder(publish, "/App.dll", System.Text.Encoding.UTF8.GetBytes($"app of build {build}\n"), SourceTimes.At(build));
            CliSandbox.WriteFileUnder(publish, "/appsettings.json", "{}\n"u8.ToArray(), SourceTimes.At(1));
            CliSandbox.WriteFileUnder(publish, "/App.pdb", "symbols\n"u8.ToArray(), SourceTimes.At(build));
            if (build == 123)
            {
                CliSandbox.WriteFileUnder(publish, "/only-in-123.txt", "x\n"u8.ToArray(), SourceTimes.At(2));
            }
            else
            {
                File.Delete(Path.Combine(publish, "only-in-123.txt"));
            }

            var commit = RrBackupProcess.Run(repository,
                ["--config", "ci/snapshot.ini", "--label", $"build={build}", "--label", "git=abc" + build, "--message", $"CI build {build}", "--json"]);
            Assert.That(JsonOf(commit).GetProperty("new_version").GetBoolean(), Is.True);
            builds[build] = TreeSnapshot.Without(TreeSnapshot.Capture(publish), p => p.EndsWith(".pdb", StringComparison.Ordinal));
        }

        void Deploy(int build, int expectedTransferred)
        {
            var deploy = RrBackupProcess.Run(server, ["--config", "app.ini", "download", $"label:build={build}", app, "--atomic", "--json"]);
            var result = JsonOf(deploy);
            Assert.That(result.GetProperty("transferred").GetInt32(), Is.EqualTo(expectedTransferred), deploy.ToString());
            var deployed = TreeSnapshot.Capture(app);
            deployed.Remove("/.rrbackup-version");
            Assert.That(deployed.Keys, Is.EqualTo(builds[build].Keys), $"build {build} deployed exactly, without the ignored .pdb");
            Assert.That(deployed["/App.dll"].Content, Is.EqualTo(builds[build]["/App.dll"].Content));
        }

        Deploy(123, expectedTransferred: 3);
        Deploy(124, expectedTransferred: 1);
        Deploy(123, expectedTransferred: 2);
        RrBackupProcess.Run(server, ["--config", "app.ini", "list_versions"]);
        var refused = RrBackupProcess.Run(server, ["--config", "app.ini"]);
        Assert.That(refused.ExitCode, Is.EqualTo(4), "the server's configuration is read-only: " + refused);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "docs", "getting-started-ci.md")))
            {
                return folder.FullName;
            }
        }

        Assert.Fail("docs/getting-started-ci.md was not found above the test folder");
        return "";
    }

    [GeneratedRegex(@"```ini\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex IniBlocks();

    [GeneratedRegex(@"\[s3\]\n(?:[a-z_]+:.*\n)*")]
    private static partial Regex S3Section();
}
