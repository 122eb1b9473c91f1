using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.S3;

/// <summary>A <see cref="CliSandbox"/> whose configuration.ini names an [s3] store on the test server.</summary>
public static partial class S3Sandbox
{
    /// <summary>
    /// Writes configuration.ini: base, cache/manifest.json, and [s3] pointing at <paramref name="bucket"/> on
    /// the server (path_style: True, checksums: when_required), with the server's credentials unless others are given.
    /// </summary>
    public static void WriteS3Config(this CliSandbox sandbox, S3TestServer server, string bucket, string? cryptPassword = null,
        string? accessKey = null, string? secretKey = null, int? concurrency = null)
    {
        var text = new StringBuilder()
            .AppendLine("[main]")
            .AppendLine("base_path:           base")
            .AppendLine("local_manifest_file: cache/manifest.json")
            .AppendLine($"crypt_password:      {cryptPassword}")
            .AppendLine("commit_locked:       False")
            .AppendLine()
            .AppendLine("[s3]")
            .AppendLine($"bucket:      {bucket}")
            .AppendLine($"access_key:  {accessKey ?? server.AccessKey}")
            .AppendLine($"secret_key:  {secretKey ?? server.SecretKey}")
            .AppendLine($"endpoint:    {server.Endpoint}")
            .AppendLine("path_style:  True")
            .AppendLine("checksums:   when_required");
        if (concurrency is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"concurrency: {concurrency}");
        }

        sandbox.WriteConfigText(text.ToString());
    }

    /// <summary>Commits and returns how many file objects the commit says it uploaded ("N objects (...) uploaded").</summary>
    public static int CommitCountingUploads(this CliSandbox sandbox, params string[] arguments)
    {
        var result = sandbox.Commit(arguments);
        return UploadedObjects(result);
    }

    public static int UploadedObjects(ProcessResult result)
    {
        var match = UploadedPattern().Match(result.StandardOutput);
        Assert.That(match.Success, Is.True, $"the commit does not say how many objects it uploaded{Environment.NewLine}{result}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Deterministic random bytes.</summary>
    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [GeneratedRegex(@"(\d+) objects \([^)]*\) uploaded")]
    private static partial Regex UploadedPattern();
}
