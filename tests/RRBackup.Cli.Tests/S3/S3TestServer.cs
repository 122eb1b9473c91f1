using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.Cli.Tests.S3;

/// <summary>
/// The S3 server the CLI tests run against (a Ceph RGW started by scripts/s3-server.sh), found through
/// RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY, RRBACKUP_S3_SECRET_KEY and RRBACKUP_S3_DIR, with an
/// SDK client of its own to create, inspect and remove buckets behind the CLI's back.
/// </summary>
public sealed class S3TestServer : IDisposable
{
    public const string EndpointVariable = "RRBACKUP_S3_ENDPOINT";
    public const string AccessKeyVariable = "RRBACKUP_S3_ACCESS_KEY";
    public const string SecretKeyVariable = "RRBACKUP_S3_SECRET_KEY";
    public const string DirVariable = "RRBACKUP_S3_DIR";

    private S3TestServer(string endpoint, string accessKey, string secretKey, string? stateDir)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
        StateDir = stateDir;
        Client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public string Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>The server's state folder (for stop-gateway / start-gateway), if known.</summary>
    public string? StateDir { get; }

    public AmazonS3Client Client { get; }

    /// <summary>The configured server; ignores the test (fails it when CI=true) when none is configured.</summary>
    public static S3TestServer FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            NoServer($"{EndpointVariable}, {AccessKeyVariable} and {SecretKeyVariable} are not set");
        }

        var dir = Environment.GetEnvironmentVariable(DirVariable);
        return new S3TestServer(endpoint!, accessKey!, secretKey!, string.IsNullOrEmpty(dir) ? null : dir);
    }

    /// <summary>Ignores the test with how to start a server, or fails it in CI (CI=true), where the server must be there.</summary>
    public static void NoServer(string why)
    {
        var message = $"No S3 server for the CLI tests: {why}. "
            + "Run 'scripts/s3-server.sh install' (once) and 'scripts/s3-server.sh start', then "
            + "'set -a; . \"$(cat /tmp/rrbackup-s3-current)/s3.env\"; set +a' before running the tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>A DNS-style bucket name that no other test uses.</summary>
    public static string NewBucketName(string purpose) => $"rrbackup-cli-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";

    public async Task<string> CreateBucketAsync(string purpose, bool versioned = false)
    {
        var bucket = NewBucketName(purpose);
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        if (versioned)
        {
            await Client.PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = bucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            });
        }

        return bucket;
    }

    public async Task<bool> BucketExistsAsync(string bucket)
    {
        try
        {
            await Client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Every version and delete marker under <paramref name="prefix"/>, all pages.</summary>
    public async Task<List<S3ObjectVersion>> ListAllVersionsAsync(string bucket, string prefix = "")
    {
        var all = new List<S3ObjectVersion>();
        string? keyMarker = null;
        string? versionMarker = null;
        while (true)
        {
            var page = await Client.ListVersionsAsync(new ListVersionsRequest
            {
                BucketName = bucket,
                Prefix = prefix,
                KeyMarker = keyMarker,
                VersionIdMarker = versionMarker,
            });
            all.AddRange(page.Versions ?? []);
            if (page.IsTruncated != true)
            {
                return all;
            }

            keyMarker = page.NextKeyMarker;
            versionMarker = page.NextVersionIdMarker;
        }
    }

    /// <summary>Every unfinished multipart upload in the bucket.</summary>
    public async Task<List<MultipartUpload>> ListUploadsAsync(string bucket)
    {
        var all = new List<MultipartUpload>();
        string? keyMarker = null;
        string? uploadMarker = null;
        while (true)
        {
            var page = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
            {
                BucketName = bucket,
                KeyMarker = keyMarker,
                UploadIdMarker = uploadMarker,
            });
            all.AddRange(page.MultipartUploads ?? []);
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextKeyMarker))
            {
                return all;
            }

            keyMarker = page.NextKeyMarker;
            uploadMarker = page.NextUploadIdMarker;
        }
    }

    public async Task<byte[]> GetBytesAsync(string bucket, string key, string? versionId = null)
    {
        using var response = await Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Removes a bucket with every version, delete marker and unfinished upload in it; a missing bucket is fine.</summary>
    public async Task DeleteBucketAsync(string bucket)
    {
        try
        {
            var versions = await ListAllVersionsAsync(bucket);
            foreach (var chunk in versions.Chunk(500))
            {
                await Client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucket,
                    Objects = [.. chunk.Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId })],
                });
            }

            foreach (var upload in await ListUploadsAsync(bucket))
            {
                await Client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            await Client.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created, or already gone.
        }
    }

    /// <summary>Runs scripts/s3-server.sh COMMAND STATE_DIR (stop-gateway, start-gateway, ...) and waits for it.</summary>
    public void Gateway(string command, TimeSpan? timeout = null)
    {
        if (StateDir is null)
        {
            NoServer($"{DirVariable} (the server's state folder) is not set, so the gateway cannot be stopped and started");
        }

        var script = Path.Combine(RepositoryRoot(), "scripts", "s3-server.sh");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(StateDir!);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(150);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"s3-server.sh {command} did not finish within {limit.TotalSeconds} s: {output.Result}{error.Result}");
        }

        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), $"s3-server.sh {command} {StateDir} failed:{Environment.NewLine}{output.Result}{error.Result}");
    }

    /// <summary>Whether the gateway answers an anonymous GET / (any HTTP answer counts).</summary>
    public async Task<bool> AnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(Endpoint);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => Client.Dispose();

    /// <summary>The repository root: the first folder above the test assembly that holds scripts/s3-server.sh.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "s3-server.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no scripts/s3-server.sh above '{TestContext.CurrentContext.TestDirectory}'");
    }
}
