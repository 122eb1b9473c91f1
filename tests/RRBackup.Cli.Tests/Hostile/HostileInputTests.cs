using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using RRBackup.Cli.Tests.Crash;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Hostile;

/// <summary>
/// The hostile-input table: each case makes one input hostile (a configuration, the password, the stored
/// objects, a manifest diff, a version name, the bucket, the credentials, the server), runs one command,
/// and expects a clear error naming the problem, a given non-zero exit code, and a remote that is
/// exactly as it was (the store folder's files and bytes, or the bucket's versions, before and after).
/// Restores must write nothing outside their target.
/// </summary>
[TestFixture]
public sealed class HostileInputTests
{
    private static int s_tried;

    /// <summary>Which store a case's configuration names.</summary>
    public enum Remote
    {
        /// <summary>The sandbox's local store, with two committed versions.</summary>
        Local,

        /// <summary>The sandbox's local store, encrypted ('right password'), with two committed versions.</summary>
        LocalEncrypted,

        /// <summary>A bucket on the test S3 server (RRBACKUP_S3_*), with two committed versions.</summary>
        S3,

        /// <summary>Nothing reachable: the case never gets as far as a store (or must fail to reach one).</summary>
        Unreachable,
    }

    /// <param name="Name">What is hostile.</param>
    /// <param name="Remote">The store the configuration names.</param>
    /// <param name="Setup">Makes the input hostile, after the two versions were committed.</param>
    /// <param name="Command">The command line (the context gives the target, version ids, ...).</param>
    /// <param name="ExitCode">The exit code expected.</param>
    /// <param name="Fragments">What standard error must say: pieces of text that name the problem.</param>
    /// <param name="Within">How long the command may take.</param>
    /// <param name="Environment">Environment variables set (or removed, when null) for the command.</param>
    public sealed record HostileCase(
        string Name,
        Remote Remote,
        Action<HostileContext> Setup,
        Func<HostileContext, string[]> Command,
        int ExitCode,
        Func<HostileContext, string[]> Fragments,
        TimeSpan? Within = null,
        IReadOnlyDictionary<string, string?>? Environment = null)
    {
        public override string ToString() => Name;
    }

    /// <summary>What a case's setup and command work with.</summary>
    public sealed class HostileContext(CliSandbox sandbox, CrashS3? server, string? bucket)
    {
        public CliSandbox Sandbox { get; } = sandbox;

        public CrashS3? Server { get; } = server;

        public string? Bucket { get; } = bucket;

        /// <summary>The download target (a folder inside the sandbox that does not exist yet).</summary>
        public string Target => Path.Combine(Sandbox.Root, "restore", "inner");

        /// <summary>A folder beside the target that nothing may ever be written to.</summary>
        public string Outside => Path.Combine(Sandbox.Root, "outside");

        public List<string> Versions { get; } = [];

        public LocalRawRemote Store => new(Sandbox.StorePath);

        /// <summary>The local store's file for the version of a backup path's object in the latest version.</summary>
        public string ObjectFile(string key) => Store.VersionFile(key, Store.ListAsync().Result.Last(v => v.Key == key).VersionId);

        /// <summary>The config as committed, with one line replaced (or a line added after [main] when <paramref name="find"/> is null).</summary>
        public void EditConfig(string? find, string replacement)
        {
            var text = File.ReadAllText(Sandbox.ConfigFile);
            text = find is null ? text.Replace("[main]\n", "[main]\n" + replacement + "\n", StringComparison.Ordinal) : text.Replace(find, replacement, StringComparison.Ordinal);
            Sandbox.WriteConfigText(text);
        }

        /// <summary>Adds a manifest diff (sequence 3, on top of version 2) holding <paramref name="changesJson"/>, written as raw bytes into the local store.</summary>
        public void PutHostileDiff(string changesJson)
        {
            var json = $$"""{"format":1,"sequence":3,"parent":"{{Versions[^1]}}","time":"2026-01-01T00:00:00+00:00","scan_time":"2026-01-01T00:00:00+00:00","changes":[{{changesJson}}]}""";
            var folder = Path.Combine(Store.KeyFolder(RemoteAudit.DiffKey), "~v");
            var next = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Where(n => n.Contains('.', StringComparison.Ordinal))
                .Max(n => long.Parse(n[..n.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)) + 1;
            File.WriteAllBytes(Path.Combine(folder, $"{next}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"), RemoteAudit.PlainDiffObject(json));
        }

        /// <summary>The JSON of an 'add' change that points at the object of /a.txt in version 2 (so its hash is right).</summary>
        public string AddPointingAtA(string path)
        {
            var content = File.ReadAllBytes(Sandbox.SourcePath("/a.txt"));
            var version = Store.ListAsync().Result.Last(v => v.Key == "files/a.txt").VersionId;
            return $$"""{"op":"add","path":{{Json(path)}},"size":{{content.Length}},"mtime_ns":0,"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(content))}}","key":"files/a.txt","version":"{{version}}"}""";
        }

        public static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
    }

    private const string Right = "right password";

    public static IEnumerable<TestCaseData> Cases()
    {
        var cases = new List<HostileCase>
        {
            // Configuration: malformed lines, wrong types, missing sections.
            new("a line that is not 'key: value'", Remote.Local, c => c.EditConfig(null, "this line has no separator"),
                _ => ["commit"], 3, _ => ["line 2", "neither '[section]' nor 'key: value'"]),
            new("a key before any section", Remote.Local, c => c.Sandbox.WriteConfigText("base_path: base\n" + File.ReadAllText(c.Sandbox.ConfigFile)),
                _ => ["list_versions"], 3, _ => ["line 1", "comes before any [section]"]),
            new("a key set twice", Remote.Local, c => c.EditConfig(null, "base_path: elsewhere"),
                _ => ["commit"], 3, _ => ["base_path", "set twice"]),
            new("a section header that is not closed", Remote.Local, c => c.EditConfig("[local]", "[local"),
                _ => ["commit"], 3, _ => ["line", "neither '[section]' nor 'key: value'"]),
            new("a boolean that is not one (commit_locked: perhaps)", Remote.Local, c => c.EditConfig("commit_locked:       False", "commit_locked: perhaps"),
                _ => ["commit"], 3, _ => ["commit_locked", "'perhaps' is not a boolean"]),
            new("a number that is not one (concurrency: abc)", Remote.Unreachable,
                c => c.Sandbox.WriteConfigText("[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\n\n[s3]\nbucket: b\nendpoint: http://127.0.0.1:1\nconcurrency: abc\n"),
                _ => ["commit"], 3, _ => ["[s3] concurrency", "'abc' is not a whole number"]),
            new("a number out of range (abandoned_commit_hours: 0)", Remote.Local, c => c.EditConfig(null, "abandoned_commit_hours: 0"),
                _ => ["commit"], 3, _ => ["abandoned_commit_hours", "'0' is not a whole number"]),
            new("an unknown pipeline transform (meta_pipeline: zip)", Remote.Local, c => c.EditConfig(null, "meta_pipeline: zip"),
                _ => ["list_versions"], 3, _ => ["meta_pipeline", "zip"]),
            new("an endpoint that is not a URL", Remote.Unreachable,
                c => c.Sandbox.WriteConfigText("[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\n\n[s3]\nbucket: b\nendpoint: not a url\n"),
                _ => ["list_versions"], 3, _ => ["[s3] endpoint", "not an http:// or https:// URL"]),
            new("no [main] section", Remote.Local, c => c.Sandbox.WriteConfigText("[local]\npath: store\n"),
                _ => ["commit"], 3, _ => ["[main]", "the section is missing"]),
            new("no store section", Remote.Local, c => c.EditConfig("[local]\npath: store", ""),
                _ => ["list_versions"], 3, _ => ["no store is configured"]),
            new("both [local] and [s3]", Remote.Local, c => c.EditConfig("[local]", "[s3]\nbucket: b\n\n[local]"),
                _ => ["commit"], 3, _ => ["[local] and [s3]", "exactly one store"]),
            new("base_path missing", Remote.Local, c => c.EditConfig("base_path:           base", ""),
                _ => ["commit"], 3, _ => ["[main] base_path", "required but missing"]),
            new("a configuration file that does not exist", Remote.Local, _ => { },
                _ => ["list_versions", "--config", "nowhere.ini"], 3, _ => ["nowhere.ini", "does not exist"]),

            // Passwords.
            new("a wrong password: commit", Remote.LocalEncrypted, c => c.EditConfig($"crypt_password: {Right}", "crypt_password: wrong password"),
                _ => ["commit"], 9, _ => ["wrong password"]),
            new("a wrong password: list_files (no local cache)", Remote.LocalEncrypted, c => c.EditConfig($"crypt_password: {Right}", "crypt_password: wrong password"),
                _ => ["list_files", "latest", "--config", "fresh.ini"], 9, _ => ["wrong password"]),
            new("a wrong password: download", Remote.LocalEncrypted, c => c.EditConfig($"crypt_password: {Right}", "crypt_password: wrong password"),
                c => ["download", "latest", c.Target], 9, _ => ["wrong password"]),
            new("no password for an encrypted store (no local cache)", Remote.LocalEncrypted, c => c.EditConfig($"crypt_password: {Right}", "crypt_password:"),
                _ => ["list_files", "latest", "--config", "fresh.ini"], 3, _ => ["needs a password"]),

            // Stored objects: corrupt, truncated, swapped.
            new("a file object with a byte flipped: download", Remote.Local, c => FlipLastByte(c.ObjectFile("files/dir/b.txt")),
                c => ["download", "latest", c.Target], 6, _ => ["files/dir/b.txt"]),
            new("a file object with a byte flipped: verify --read-data", Remote.Local, c => FlipLastByte(c.ObjectFile("files/dir/b.txt")),
                _ => ["verify", "--all", "--read-data"], 6, _ => ["files/dir/b.txt"]),
            new("an encrypted file object with a byte flipped: download", Remote.LocalEncrypted, c => FlipLastByte(c.ObjectFile("files/dir/b.txt")),
                c => ["download", "latest", c.Target], 6, _ => ["files/dir/b.txt", "corrupt"]),
            new("a truncated file object: download", Remote.Local, c => Truncate(c.ObjectFile("files/c.bin")),
                c => ["download", "latest", c.Target], 6, _ => ["files/c.bin"]),
            new("a truncated file object: verify --read-data", Remote.Local, c => Truncate(c.ObjectFile("files/c.bin")),
                _ => ["verify", "--read-data"], 6, _ => ["files/c.bin"]),
            new("a truncated encrypted object: verify --read-data", Remote.LocalEncrypted, c => Truncate(c.ObjectFile("files/c.bin")),
                _ => ["verify", "--all", "--read-data"], 6, _ => ["files/c.bin"]),
            new("two file objects swapped: download", Remote.Local, c => Swap(c.ObjectFile("files/dir/b.txt"), c.ObjectFile("files/c.bin")),
                c => ["download", "latest", c.Target], 6, _ => ["files/"]),
            new("two file objects swapped: verify --read-data", Remote.Local, c => Swap(c.ObjectFile("files/dir/b.txt"), c.ObjectFile("files/c.bin")),
                _ => ["verify", "--all", "--read-data"], 6, _ => ["files/dir/b.txt", "files/c.bin"]),
            new("two encrypted objects swapped: download", Remote.LocalEncrypted, c => Swap(c.ObjectFile("files/dir/b.txt"), c.ObjectFile("files/c.bin")),
                c => ["download", "latest", c.Target], 6, _ => ["files/"]),
            new("a manifest diff with a byte flipped", Remote.Local, c => FlipLastByte(c.Store.VersionFile(RemoteAudit.DiffKey, c.Versions[^1])),
                _ => ["list_versions", "--config", "fresh.ini"], 6, c => [RemoteAudit.DiffKey, c.Versions[^1]]),
            new("a file object deleted from the store: verify", Remote.Local, c => File.Delete(c.ObjectFile("files/c.bin")),
                _ => ["verify"], 6, _ => ["files/c.bin"]),

            // Manifest diffs that try to escape the target.
            new("a manifest diff naming '../../x'", Remote.Local, c => c.PutHostileDiff(c.AddPointingAtA("../../x")),
                c => ["download", "latest", c.Target], 6, _ => ["'../../x'"]),
            new("a manifest diff naming '/../../x'", Remote.Local, c => c.PutHostileDiff(c.AddPointingAtA("/../../x")),
                c => ["download", "latest", c.Target], 6, _ => ["'/../../x'"]),
            new("a manifest diff naming an absolute path", Remote.Local, c => c.PutHostileDiff(c.AddPointingAtA("/" + c.Outside + "/x")),
                c => ["download", "latest", c.Target], 6, c => [c.Outside + "/x"]),
            new("a manifest diff with a link escaping the target and a file under it", Remote.Local,
                c => c.PutHostileDiff(LinkJson("/escape", c.Outside) + "," + c.AddPointingAtA("/escape/payload.txt")),
                c => ["download", "latest", c.Target], 6, _ => ["/escape", "symbolic link"]),
            new("a manifest diff with a relative link escaping the target and a file under it", Remote.Local,
                c => c.PutHostileDiff(LinkJson("/up", "../../outside") + "," + c.AddPointingAtA("/up/payload.txt")),
                c => ["download", "latest", c.Target], 6, _ => ["/up", "symbolic link"]),

            // Versions that do not exist.
            new("a version that does not exist: list_files", Remote.Local, _ => { }, _ => ["list_files", "0.nosuchversion"], 5, _ => ["'0.nosuchversion' does not exist"]),
            new("a version that does not exist: download", Remote.Local, _ => { }, c => ["download", "nosuchversion", c.Target], 5, _ => ["'nosuchversion' does not exist"]),
            new("a version that does not exist: verify", Remote.Local, _ => { }, _ => ["verify", "nosuchversion"], 5, _ => ["'nosuchversion' does not exist"]),
            new("a label that no version carries", Remote.Local, _ => { }, _ => ["list_files", "label:build=0"], 5, _ => ["build=0"]),

            // S3: a missing bucket, no credentials, a server that does not answer.
            new("a bucket that does not exist: commit", Remote.S3, c => c.EditConfig($"bucket:     {c.Bucket}", "bucket:     " + c.Bucket + "-missing"),
                _ => ["commit"], 7, c => [c.Bucket + "-missing", "does not exist"]),
            new("a bucket that does not exist: list_versions", Remote.S3, c => c.EditConfig($"bucket:     {c.Bucket}", "bucket:     " + c.Bucket + "-missing"),
                _ => ["list_versions"], 7, c => [c.Bucket + "-missing", "does not exist"]),
            new("no credentials anywhere: commit", Remote.S3, c => c.EditConfig(c.Server!.Section(c.Bucket!), c.Server!.Section(c.Bucket!, withCredentials: false)),
                _ => ["commit"], 7, _ => ["credentials"], TimeSpan.FromSeconds(60), NoAwsCredentials),
            new("no credentials anywhere: list_versions", Remote.S3, c => c.EditConfig(c.Server!.Section(c.Bucket!), c.Server!.Section(c.Bucket!, withCredentials: false)),
                _ => ["list_versions"], 7, _ => ["credentials"], TimeSpan.FromSeconds(60), NoAwsCredentials),
            new("a server on a closed port: commit", Remote.Unreachable, c => c.Sandbox.WriteConfigText(UnreachableConfig("http://127.0.0.1:1")),
                _ => ["commit"], 7, _ => ["127.0.0.1:1", "could not be reached"], TimeSpan.FromSeconds(60)),
            new("a server on a closed port: download", Remote.Unreachable, c => c.Sandbox.WriteConfigText(UnreachableConfig("http://127.0.0.1:1")),
                c => ["download", "latest", c.Target], 7, _ => ["127.0.0.1:1", "could not be reached"], TimeSpan.FromSeconds(60)),
            new("a server that accepts connections and never answers: list_versions", Remote.Unreachable,
                c => c.Sandbox.WriteConfigText(UnreachableConfig($"http://127.0.0.1:{SilentServer.Port}")),
                _ => ["list_versions"], 7, _ => ["did not answer"], TimeSpan.FromSeconds(120)),
        };

        foreach (var hostile in cases)
        {
            yield return new TestCaseData(hostile).SetName("Hostile: " + hostile.Name);
        }
    }

    private static readonly Dictionary<string, string?> NoAwsCredentials = new()
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/rrbackup-test/credentials",
        ["AWS_CONFIG_FILE"] = "/nonexistent/rrbackup-test/config",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
    };

    [OneTimeTearDown]
    public void Report()
    {
        TestContext.Out.WriteLine($"HostileInputTests: {s_tried} hostile inputs tried");
        SilentServer.Stop();
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Hostile_input_gets_a_clear_error_and_leaves_the_remote_unchanged(HostileCase hostile)
    {
        using var server = hostile.Remote == Remote.S3 ? CrashS3.FromEnvironment() : null;
        var bucket = server is null ? null : await server.CreateBucketAsync("hostile");
        try
        {
            using var sandbox = new CliSandbox();
            var context = new HostileContext(sandbox, server, bucket);
            CommitTwoVersions(context, hostile.Remote);
            hostile.Setup(context);
            if (File.Exists(sandbox.ConfigFile))
            {
                // The same configuration for a client without a local cache (which would answer listings without the store).
                File.WriteAllText(Path.Combine(sandbox.Root, "fresh.ini"),
                    File.ReadAllText(sandbox.ConfigFile).Replace("cache/manifest.json", "fresh-cache/manifest.json", StringComparison.Ordinal));
            }

            Directory.CreateDirectory(context.Outside);
            Directory.CreateDirectory(Path.GetDirectoryName(context.Target)!);
            var remoteBefore = await SnapshotRemoteAsync(context, hostile.Remote);
            var localBefore = LocalFiles(sandbox.Root);

            Interlocked.Increment(ref s_tried);
            var clock = Stopwatch.StartNew();
            var result = ChildProcess.Run(sandbox.Root, hostile.Command(context), (hostile.Within ?? TimeSpan.FromSeconds(60)) + TimeSpan.FromSeconds(5), hostile.Environment);

            TestContext.Out.WriteLine($"  exit {result.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(" | ", result.ErrorLines)}");

            // What must hold whatever the exit code: the remote as it was, nothing written outside the target.
            Assert.That(await SnapshotRemoteAsync(context, hostile.Remote), Is.EqualTo(remoteBefore), "the remote is unchanged");
            Assert.That(Directory.EnumerateFileSystemEntries(context.Outside), Is.Empty, "nothing is written beside the target");
            var written = LocalFiles(sandbox.Root).Except(localBefore)
                .Where(f => !f.StartsWith("cache/", StringComparison.Ordinal) && !f.StartsWith("fresh-cache/", StringComparison.Ordinal) && !f.StartsWith(Path.GetRelativePath(sandbox.Root, context.Target) + "/", StringComparison.Ordinal))
                .ToList();
            Assert.That(written, Is.Empty, "nothing is written outside the target (but the local cache)");
            Assert.That(result.ExitCode, Is.EqualTo(hostile.ExitCode), result.ToString());
            foreach (var fragment in hostile.Fragments(context))
            {
                Assert.That(result.StandardError, Does.Contain(fragment), $"the error names the problem{Environment.NewLine}{result}");
            }

            Assert.That(result.StandardError, Does.Not.Contain("unexpected"), result.ToString());
            if (hostile.Within is { } within)
            {
                Assert.That(clock.Elapsed, Is.LessThan(within), $"the command must give up within {within.TotalSeconds} s{Environment.NewLine}{result}");
            }

            if (Directory.Exists(context.Target))
            {
                Assert.That(Directory.EnumerateFiles(context.Target, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null && Path.GetFileName(f) != "a.txt"
                    && Path.GetFileName(f) != "b.txt" && Path.GetFileName(f) != "c.bin"), Is.Empty, "no file from the hostile diff is restored");
            }
        }
        finally
        {
            if (bucket is not null)
            {
                await server!.DeleteBucketAsync(bucket);
            }
        }
    }

    /// <summary>Version 1 (/a.txt, /dir/b.txt, /c.bin) and version 2 (/a.txt changed), committed through the case's store.</summary>
    private static void CommitTwoVersions(HostileContext context, Remote remote)
    {
        var sandbox = context.Sandbox;
        switch (remote)
        {
            case Remote.Local:
            case Remote.Unreachable:
                sandbox.WriteConfig();
                break;
            case Remote.LocalEncrypted:
                sandbox.WriteConfigText("[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\ncrypt_password: " + Right + "\ncommit_locked:       False\n\n[local]\npath: store\n");
                break;
            case Remote.S3:
                sandbox.WriteConfigText("[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\ncrypt_password:\ncommit_locked:       False\n\n" + context.Server!.Section(context.Bucket!));
                break;
        }

        var random = new Random(42);
        var c = new byte[50_000];
        random.NextBytes(c);
        sandbox.WriteFile("/a.txt", string.Concat(Enumerable.Repeat("alpha, first edition\n", 100)), SourceTimes.At(1));
        sandbox.WriteFile("/dir/b.txt", string.Concat(Enumerable.Repeat("beta\n", 300)), SourceTimes.At(2));
        sandbox.WriteFile("/c.bin", c, SourceTimes.At(3));
        context.Versions.Add(CommitOnce(sandbox));
        sandbox.WriteFile("/a.txt", string.Concat(Enumerable.Repeat("alpha, second edition\n", 100)), SourceTimes.At(4));
        context.Versions.Add(CommitOnce(sandbox));
    }

    private static string CommitOnce(CliSandbox sandbox)
    {
        var result = ChildProcess.Run(sandbox.Root, ["commit"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var line = result.OutputLines.Single(l => l.StartsWith("Committed version ", StringComparison.Ordinal));
        return line.Split(' ')[2];
    }

    /// <summary>The remote as a comparable text: every file of the store folder with its bytes' hash, or every version in the bucket.</summary>
    private static async Task<List<string>> SnapshotRemoteAsync(HostileContext context, Remote remote)
    {
        switch (remote)
        {
            case Remote.S3:
                var exists = await context.Server!.BucketExistsAsync(context.Bucket + "-missing");
                var versions = await context.Server.ListAllVersionsAsync(context.Bucket!);
                return [$"missing bucket exists: {exists}", .. versions.Select(v => $"{v.Key} {v.VersionId} {v.Size} {v.ETag} {v.IsDeleteMarker}")];
            default:
                var store = context.Sandbox.StorePath;
                return Directory.Exists(store)
                    ? [.. Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                        .Select(f => $"{Path.GetRelativePath(store, f)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}")]
                    : ["(no store folder)"];
        }
    }

    /// <summary>Every file and link under the sandbox, relative, outside the store.</summary>
    private static HashSet<string> LocalFiles(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => !Directory.Exists(f) || new FileInfo(f).LinkTarget is not null)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith("store/", StringComparison.Ordinal))];

    private static string UnreachableConfig(string endpoint) =>
        "[main]\nbase_path: base\nlocal_manifest_file: cache/manifest.json\ncrypt_password:\n\n[s3]\nbucket: rrbackup-unreachable\n" +
        $"access_key: test-access-key\nsecret_key: test-secret-key-that-is-long\nendpoint: {endpoint}\npath_style: True\nchecksums: when_required\ntimeout_seconds: 5\n";

    private static string LinkJson(string path, string target) =>
        $$"""{"op":"add","path":{{HostileContext.Json(path)}},"size":0,"mtime_ns":0,"sha256":"{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)))}}","link":{{HostileContext.Json(target)}}}""";

    private static void FlipLastByte(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }

    private static void Truncate(string file)
    {
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
    }

    private static void Swap(string first, string second)
    {
        var a = File.ReadAllBytes(first);
        File.WriteAllBytes(first, File.ReadAllBytes(second));
        File.WriteAllBytes(second, a);
    }

    /// <summary>A TCP server that accepts every connection and never answers: a server that stopped answering.</summary>
    private static class SilentServer
    {
        private static readonly Lazy<TcpListener> Listener = new(() =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _ = Task.Run(async () =>
            {
                var held = new List<TcpClient>();
                while (true)
                {
                    try
                    {
                        held.Add(await listener.AcceptTcpClientAsync());
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        held.ForEach(c => c.Dispose());
                        return;
                    }
                }
            });
            return listener;
        });

        public static int Port => ((IPEndPoint)Listener.Value.LocalEndpoint).Port;

        public static void Stop()
        {
            if (Listener.IsValueCreated)
            {
                Listener.Value.Stop();
            }
        }
    }
}
