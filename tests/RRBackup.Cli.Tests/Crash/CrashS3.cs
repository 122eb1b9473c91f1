using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.Cli.Tests.Crash;

/// <summary>
/// The S3 server of the crash and hostile-input tests, from RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY and
/// RRBACKUP_S3_SECRET_KEY, with an SDK client of its own to make, read behind rrbackup's back, and remove buckets.
/// </summary>
public sealed class CrashS3 : IDisposable
{
    private CrashS3(string endpoint, string accessKey, string secretKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
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

    public AmazonS3Client Client { get; }

    /// <summary>Whether the three variables are set.</summary>
    public static bool IsConfigured =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RRBACKUP_S3_ENDPOINT"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RRBACKUP_S3_ACCESS_KEY"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("RRBACKUP_S3_SECRET_KEY"));

    /// <summary>The configured server; ignores the test when there is none, and fails it in CI (CI=true), where there must be one.</summary>
    public static CrashS3 FromEnvironment()
    {
        if (!IsConfigured)
        {
            var message = "No S3 server: RRBACKUP_S3_ENDPOINT, RRBACKUP_S3_ACCESS_KEY and RRBACKUP_S3_SECRET_KEY are not set. "
                + "Run 'scripts/s3-server.sh start', then 'set -a; . \"$(cat /tmp/rrbackup-s3-current)/s3.env\"; set +a'.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return new CrashS3(
            Environment.GetEnvironmentVariable("RRBACKUP_S3_ENDPOINT")!,
            Environment.GetEnvironmentVariable("RRBACKUP_S3_ACCESS_KEY")!,
            Environment.GetEnvironmentVariable("RRBACKUP_S3_SECRET_KEY")!);
    }

    /// <summary>An [s3] section for <paramref name="bucket"/> on this server (credentials included unless told otherwise).</summary>
    public string Section(string bucket, bool withCredentials = true, string? endpoint = null) =>
        "[s3]\n" +
        $"bucket:     {bucket}\n" +
        (withCredentials ? $"access_key: {AccessKey}\nsecret_key: {SecretKey}\n" : "") +
        $"endpoint:   {endpoint ?? Endpoint}\n" +
        "path_style: True\n" +
        "checksums:  when_required\n";

    /// <summary>A DNS-style bucket name that no other test uses.</summary>
    public static string NewBucketName(string purpose) => $"rrbackup-{purpose}-{Guid.NewGuid().ToString("N")[..12]}";

    public async Task<string> CreateBucketAsync(string purpose)
    {
        var bucket = NewBucketName(purpose);
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
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

    /// <summary>Every version and delete marker in the bucket, in S3's listing order (keys ascending, each key's versions newest first).</summary>
    public async Task<List<S3ObjectVersion>> ListAllVersionsAsync(string bucket)
    {
        var all = new List<S3ObjectVersion>();
        var request = new ListVersionsRequest { BucketName = bucket };
        while (true)
        {
            var page = await Client.ListVersionsAsync(request);
            all.AddRange(page.Versions ?? []);
            if (page.IsTruncated != true)
            {
                return all;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }
    }

    public async Task<byte[]> GetBytesAsync(string bucket, string key, string versionId)
    {
        using var response = await Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Removes a bucket with every version, delete marker and unfinished upload in it. Best effort: a leftover bucket must not fail a test.</summary>
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

            var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
            foreach (var upload in uploads.MultipartUploads ?? [])
            {
                await Client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            await Client.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception e)
        {
            TestContext.Out.WriteLine($"    could not remove bucket {bucket}: {e.Message}");
        }
    }

    public void Dispose() => Client.Dispose();
}
