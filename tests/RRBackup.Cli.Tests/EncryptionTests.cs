using System.Text;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests;

/// <summary>Encryption through the command line: passwords never show, a wrong one has its own exit code, and decode, recover and change_password work.</summary>
[TestFixture]
public sealed class EncryptionTests
{
    private const string Password = "pw-Quartz-7731-never-printed";
    private const string NewPassword = "pw-Basalt-4410-never-printed";
    private static readonly DateTime Earlier = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    private CliSandbox _sandbox = null!;
    private readonly StringBuilder _allOutput = new();

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = new CliSandbox();
        _allOutput.Clear();
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    [Test]
    public void No_command_prints_the_password_whatever_happens()
    {
        WriteEncryptedConfig($"crypt_password: {Password}");
        _sandbox.WriteFile("/docs/a.txt", "alpha", Earlier);
        _sandbox.WriteFile("/b.bin", [1, 2, 3], Earlier);
        var environment = new Dictionary<string, string>();

        Run(0, environment, "--message", "first", "--label", "build=1");
        _sandbox.WriteFile("/docs/a.txt", "alpha 2", Earlier.AddHours(1));
        Run(0, environment, "commit");
        Run(0, environment, "list_versions");
        Run(0, environment, "list_files", "latest");
        Run(0, environment, "list_changes", "latest");
        Run(0, environment, "download", "latest", "restored");
        Run(0, environment, "recover", "recovered");
        Run(5, environment, "download", "no-such-version", "x");
        Run(2, environment, "download");
        var objectFile = Directory.GetFiles(Path.Combine(_sandbox.StorePath, "keys", "files"), "*", SearchOption.AllDirectories).First(f => !f.EndsWith("~lock", StringComparison.Ordinal));
        Run(0, environment, "decode", objectFile, "decoded.bin");
        File.WriteAllText(Path.Combine(_sandbox.Root, "new-password.txt"), NewPassword + "\n");
        Run(0, environment, "change_password", "--new-password-file", "new-password.txt");
        Run(9, environment, "download", "latest", "with-the-old-password");

        WriteEncryptedConfig("crypt_password:");
        environment["RRBACKUP_CRYPT_PASSWORD"] = NewPassword;
        Run(0, environment, "list_versions");
        Run(0, environment, "download", "latest", "restored-again");
        environment["RRBACKUP_CRYPT_PASSWORD"] = Password;
        Run(9, environment, "download", "latest", "old-password-again");
        WriteEncryptedConfig($"crypt_password: {Password}");
        environment["RRBACKUP_CRYPT_PASSWORD"] = NewPassword;
        Run(3, environment, "list_versions");
        environment.Remove("RRBACKUP_CRYPT_PASSWORD");
        WriteEncryptedConfig($"crypt_password = {Password}");
        Run(3, environment, "list_versions");

        Assert.That(_allOutput.ToString(), Does.Not.Contain(Password).And.Not.Contain(NewPassword));
        Assert.That(_allOutput.ToString(), Does.Contain("wrong password"));
    }

    [Test]
    public void A_wrong_password_exits_with_code_9_and_says_so()
    {
        WriteEncryptedConfig($"crypt_password: {Password}");
        _sandbox.WriteFile("/a.txt", "alpha", Earlier);
        _sandbox.RunOk();
        File.Delete(_sandbox.CacheFile);
        WriteEncryptedConfig("crypt_password: not-it");

        var result = _sandbox.RunFailing(9, ["download", "latest", "out"], "wrong password");

        Assert.That(result.StandardError, Does.Not.Contain("corrupt"));
    }

    [Test]
    public void Decode_and_recover_work_without_the_manifest()
    {
        WriteEncryptedConfig($"crypt_password: {Password}", "[file_pipeline]\n*: hash_names, compress, encrypt");
        _sandbox.WriteFile("/dir/ä b.txt", "contents of a file", Earlier);
        _sandbox.WriteFile("/c.txt", "another", Earlier);
        _sandbox.RunOk();
        var files = Directory.GetFiles(Path.Combine(_sandbox.StorePath, "keys", "files"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("~lock", StringComparison.Ordinal)).ToList();
        Assert.That(files.Select(f => Path.GetRelativePath(_sandbox.StorePath, f)), Has.None.Contain("txt"), "hash_names hides the names");

        var decoded = files.Select(f =>
        {
            var output = Path.Combine(_sandbox.Root, Guid.NewGuid().ToString("N"));
            _sandbox.RunOk("decode", f, output);
            return File.ReadAllText(output);
        });
        Assert.That(decoded, Is.EquivalentTo(new[] { "contents of a file", "another" }));

        Directory.Delete(Path.Combine(_sandbox.StorePath, "keys", "manifest_diffs"), recursive: true);
        File.Delete(_sandbox.CacheFile);
        Assert.That(_sandbox.RunOk("list_versions").StandardOutput, Does.Contain("No versions yet"));
        _sandbox.RunOk("recover", "recovered");
        Assert.That(TreeSnapshot.Capture(Path.Combine(_sandbox.Root, "recovered")).ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value.Content)),
            Is.EqualTo(new Dictionary<string, string> { ["/c.txt"] = "another", ["/dir/ä b.txt"] = "contents of a file" }));
    }

    private void WriteEncryptedConfig(string passwordLine, string sections = "") =>
        _sandbox.WriteConfigText($"""
            [main]
            base_path: base
            local_manifest_file: cache/manifest.json
            {passwordLine}

            [local]
            path: store

            {sections}
            """);

    private void Run(int expectedExitCode, Dictionary<string, string> environment, params string[] arguments)
    {
        var result = RrBackupProcess.Run(_sandbox.Root, arguments, environment: new Dictionary<string, string>(environment));
        _allOutput.AppendLine(result.StandardOutput).AppendLine(result.StandardError);
        Assert.That(result.ExitCode, Is.EqualTo(expectedExitCode), result.ToString());
    }
}
