using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Storage;
using RRBackup.Engine.Storage.S3;

namespace RRBackup.Engine.Tests.Storage;

/// <summary>
/// The store contract against a real S3 server, plus what only S3 has (versioning, multipart uploads,
/// retries). Run a server with <c>scripts/s3-server.sh start</c> and source the s3.env it writes.
/// </summary>
/// <remarks>Each test gets a fresh bucket (the contract expects an empty store per test) and removes it after.</remarks>
[TestFixture]
public sealed class S3ObjectStoreContractTests : VersionedObjectStoreContract
{
    private const string EndpointVariable = "RRBACKUP_S3_ENDPOINT";
    private const string AccessKeyVariable = "RRBACKUP_S3_ACCESS_KEY";
    private const string SecretKeyVariable = "RRBACKUP_S3_SECRET_KEY";

    private string _endpoint = null!;
    private string _accessKey = null!;
    private string _secretKey = null!;
    private AmazonS3Client _admin = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public void FindServer()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            var message = $"No S3 server: {EndpointVariable}, {AccessKeyVariable} and {SecretKeyVariable} are not set. "
                + "Run 'scripts/s3-server.sh install' (once) and 'scripts/s3-server.sh start', then "
                + "'set -a; . \"$(cat /tmp/rrbackup-s3-current)/s3.env\"; set +a' before running the tests.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        _endpoint = endpoint;
        _accessKey = accessKey;
        _secretKey = secretKey;
        _admin = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    [OneTimeTearDown]
    public void ForgetServer() => _admin?.Dispose();

    protected override async Task<IVersionedObjectStore> CreateStoreAsync()
    {
        _bucket = "rrbackup-test-" + Guid.NewGuid().ToString("N")[..16];
        await _admin.PutBucketAsync(new PutBucketRequest { BucketName = _bucket });
        return new S3ObjectStore(Settings(_bucket));
    }

    protected override Task DestroyStoreAsync(IVersionedObjectStore store) => DeleteBucketAsync(_bucket);

    [Test]
    public async Task Preparing_enables_versioning_on_a_bucket_that_had_none()
    {
        // The bucket was created without versioning; the setup prepared the store.
        var versioning = await _admin.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = _bucket });

        Assert.That(versioning.VersioningConfig?.Status, Is.EqualTo(VersionStatus.Enabled));
    }

    [Test]
    public async Task Preparing_a_missing_bucket_is_store_not_found_naming_the_bucket()
    {
        var missing = "rrbackup-missing-" + Guid.NewGuid().ToString("N")[..12];
        await using var store = new S3ObjectStore(Settings(missing));

        var error = await Assert.ThrowsAsync<RRBackupException>(() => store.PrepareAsync(CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.StoreNotFound));
        Assert.That(error.Kind, Is.EqualTo(ErrorKind.Store));
        Assert.That(error.Message, Does.Contain(missing));
    }

    [Test]
    public async Task A_wrong_secret_is_a_store_error_that_never_shows_the_secret()
    {
        var wrongSecret = "wrong-secret-" + Guid.NewGuid().ToString("N");
        await using var store = new S3ObjectStore(Settings(_bucket) with { SecretKey = wrongSecret });

        var prepare = await Assert.ThrowsAsync<RRBackupException>(() => store.PrepareAsync(CancellationToken.None));
        var get = await Assert.ThrowsAsync<RRBackupException>(() => store.GetAsync("key", null, CancellationToken.None));

        foreach (var error in new[] { prepare!, get! })
        {
            Assert.That(error.Kind, Is.EqualTo(ErrorKind.Store));
            Assert.That(error.Message, Does.Contain(_bucket).Or.Contain("key"));
            Assert.That(error.ToString(), Does.Not.Contain(wrongSecret));
            Assert.That(error.ToString(), Does.Not.Contain(_secretKey));
        }

        Assert.That(store.Description, Does.Not.Contain(wrongSecret));
    }

    [Test]
    public async Task Preparing_aborts_only_multipart_uploads_older_than_the_abandoned_age()
    {
        await _admin.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = "old" });
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await _admin.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = "young" });

        await Store.PrepareAsync(CancellationToken.None);
        Assert.That(await UnfinishedUploadKeysAsync(), Is.EquivalentTo(new[] { "old", "young" }), "the default age is a day");

        // An age that falls between the two uploads' own (server) times, however long the steps above took on a
        // loaded machine: the uploads are 4.5 s apart, so the cut-off may drift by 2 s before the test goes wrong.
        var initiated = (await _admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket })).MultipartUploads
            .ToDictionary(u => u.Key, u => S3ObjectStore.ToUtc(u.Initiated));
        var between = initiated["old"] + ((initiated["young"] - initiated["old"]) / 2);
        await using var store = new S3ObjectStore(Settings(_bucket) with { AbandonedUploadAge = DateTimeOffset.UtcNow - between });
        await store.PrepareAsync(CancellationToken.None);

        Assert.That(await UnfinishedUploadKeysAsync(), Is.EqualTo(new[] { "young" }));
    }

    [Test]
    public async Task A_cancelled_multipart_put_leaves_no_version_and_no_unfinished_upload()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new TrippingStream(20 << 20, tripAt: 12 << 20, cancellation.Cancel);

        await Assert.CatchAsync<OperationCanceledException>(() => Store.PutAsync("cancelled", source, PutDurability.Immediate, cancellation.Token));

        Assert.That(await Store.ListVersionsAsync("cancelled", CancellationToken.None), Is.Empty);
        Assert.That(await UnfinishedUploadKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task A_failing_source_aborts_the_multipart_upload_and_surfaces_its_own_error()
    {
        var source = new TrippingStream(20 << 20, tripAt: 12 << 20, () => throw new IOException("the disk went away"));

        var error = await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("failing", source, PutDurability.Immediate, CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("the disk went away"));
        Assert.That(await Store.ListVersionsAsync("failing", CancellationToken.None), Is.Empty);
        Assert.That(await UnfinishedUploadKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task Versions_beyond_one_listing_page_are_all_listed_oldest_first()
    {
        string[] first = [await PutAsync("many", "first 1"), await PutAsync("many", "first 2")];
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            using var content = new MemoryStream(BitConverter.GetBytes(i));
            ids.Add(await Store.PutAsync("many", content, PutDurability.AtNextFlush, cancellationToken));
        });
        string[] last = [await PutAsync("many", "last 1"), await PutAsync("many", "last 2")];
        await PutAsync("many/after", "x");
        await PutAsync("manz", "x");

        var versions = await Store.ListVersionsAsync("many", CancellationToken.None);
        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync("man", CancellationToken.None))
        {
            keys.Add(key);
        }

        Assert.That(versions, Has.Count.EqualTo(1104));
        Assert.That(versions.Take(2).Select(v => v.VersionId), Is.EqualTo(first));
        Assert.That(versions.Skip(2).Take(1100).Select(v => v.VersionId), Is.EquivalentTo(ids));
        Assert.That(versions.TakeLast(2).Select(v => v.VersionId), Is.EqualTo(last));
        Assert.That(keys, Is.EqualTo(new[] { "many", "many/after", "manz" }));
    }

    [Test]
    public async Task Transient_server_errors_are_retried_and_access_denied_is_not()
    {
        using var handler = new FaultInjectingHandler();
        await using var store = new S3ObjectStore(Settings(_bucket), new S3ObjectStoreOptions { HttpMessageHandler = handler });

        handler.Fail(HttpStatusCode.ServiceUnavailable, "SlowDown", times: 2);
        var version = await store.PutAsync("retried", new MemoryStream("data"u8.ToArray()), PutDurability.Immediate, CancellationToken.None);
        Assert.That(handler.Requests, Is.EqualTo(3));

        handler.Fail(HttpStatusCode.InternalServerError, "InternalError", times: 1);
        var stream = await store.GetAsync("retried", version, CancellationToken.None);
        await using (stream)
        {
            Assert.That(await new StreamReader(stream).ReadToEndAsync(), Is.EqualTo("data"));
        }

        Assert.That(handler.Requests, Is.EqualTo(2));

        handler.ResetConnection(times: 2);
        Assert.That(await store.ListVersionsAsync("retried", CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(handler.Requests, Is.EqualTo(3));

        handler.Fail(HttpStatusCode.Forbidden, "AccessDenied", times: 5);
        var error = await Assert.ThrowsAsync<RRBackupException>(() => store.ListVersionsAsync("retried", CancellationToken.None));
        Assert.That(handler.Requests, Is.EqualTo(1));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.Store));
        Assert.That(error.Message, Does.Contain("retried"));
    }

    [Test]
    public async Task A_read_cut_off_mid_body_resumes_and_returns_every_byte_of_that_version()
    {
        var data = new byte[12 << 20];
        new Random(7).NextBytes(data);
        using var handler = new FaultInjectingHandler();
        await using var store = new S3ObjectStore(Settings(_bucket), new S3ObjectStoreOptions { HttpMessageHandler = handler });
        var version = await store.PutAsync("cut", new NonSeekableStream(data), PutDurability.Immediate, CancellationToken.None);

        handler.CutBodies(afterBytes: 3 << 20, times: 2);
        var stream = await store.GetAsync("cut", version, CancellationToken.None);
        using var copy = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(copy);
        }

        Assert.That(copy.ToArray(), Is.EqualTo(data));
        Assert.That(handler.Requests, Is.EqualTo(3));
    }

    [Test]
    public async Task The_parts_of_one_large_object_are_sent_several_at_once_and_put_back_in_order()
    {
        var data = new byte[36 << 20];
        new Random(11).NextBytes(data);
        using var handler = new PartWatchingHandler(TimeSpan.FromMilliseconds(150));
        await using var store = new S3ObjectStore(Settings(_bucket), new S3ObjectStoreOptions { HttpMessageHandler = handler, PartSize = S3ObjectStoreOptions.MinimumPartSize });

        var version = await store.PutAsync("parallel", new NonSeekableStream(data), PutDurability.Immediate, CancellationToken.None);

        Assert.That(handler.PartsSent, Is.EqualTo(8));
        Assert.That(handler.MostAtOnce, Is.InRange(2, 4));
        var stream = await store.GetAsync("parallel", version, CancellationToken.None);
        using var copy = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(copy);
        }

        Assert.That(copy.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public async Task A_part_refused_while_others_are_in_flight_fails_the_put_and_leaves_nothing_behind()
    {
        using var handler = new PartWatchingHandler(TimeSpan.FromMilliseconds(50), refusePart: 3);
        await using var store = new S3ObjectStore(Settings(_bucket), new S3ObjectStoreOptions { HttpMessageHandler = handler, PartSize = S3ObjectStoreOptions.MinimumPartSize });

        var error = await Assert.ThrowsAsync<RRBackupException>(() =>
            store.PutAsync("refused", new NonSeekableStream(new byte[36 << 20]), PutDurability.Immediate, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("part 3").And.Contain("refused"));
        Assert.That(await store.ListVersionsAsync("refused", CancellationToken.None), Is.Empty);
        Assert.That(await UnfinishedUploadKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task A_key_longer_than_s3_allows_is_refused_clearly()
    {
        var key = "files/" + new string('é', 600);

        var error = await Assert.ThrowsAsync<RRBackupException>(() => PutAsync(key, "x"));

        Assert.That(error!.Message, Does.Contain("1024"));
    }

    private S3StoreSettings Settings(string bucket) => new()
    {
        Bucket = bucket,
        Endpoint = _endpoint,
        AccessKey = _accessKey,
        SecretKey = _secretKey,
        PathStyle = true,
        ChecksumsWhenRequired = true,
    };

    private async Task<List<string>> UnfinishedUploadKeysAsync()
    {
        var response = await _admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket });
        return (response.MultipartUploads ?? []).Select(u => u.Key).ToList();
    }

    private async Task DeleteBucketAsync(string bucket)
    {
        try
        {
            // Always list from the start: Ceph ends a listing early when its version marker was deleted meanwhile.
            while (true)
            {
                var page = await _admin.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
                if (page.Versions is not { Count: > 0 })
                {
                    break;
                }

                await _admin.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucket,
                    Quiet = true,
                    Objects = page.Versions.Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId }).ToList(),
                });
            }

            var uploads = await _admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
            foreach (var upload in uploads.MultipartUploads ?? [])
            {
                await _admin.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId);
            }

            await _admin.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created, or already gone.
        }
    }

    /// <summary>A non-seekable source of random bytes that calls an action once it has given out a given count.</summary>
    private sealed class TrippingStream(int length, int tripAt, Action trip) : Stream
    {
        private readonly Random _random = new(1);
        private int _position;
        private bool _tripped;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= tripAt && !_tripped)
            {
                _tripped = true;
                trip();
            }

            var n = Math.Min(Math.Min(count, length - _position), 1 << 16);
            _random.NextBytes(buffer.AsSpan(offset, n));
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var array = new byte[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer.Span);
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(n);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Sits between the SDK and the server: answers with errors, resets connections, cuts bodies short.</summary>
    private sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly Lock _lock = new();
        private int _requests;
        private int _failures;
        private HttpStatusCode _failStatus;
        private string _failCode = "";
        private int _resets;
        private int _cuts;
        private long _cutAfter;

        /// <summary>Requests seen since the last fault was armed.</summary>
        public int Requests
        {
            get
            {
                lock (_lock)
                {
                    return _requests;
                }
            }
        }

        public void Fail(HttpStatusCode status, string code, int times) => Arm(() => (_failStatus, _failCode, _failures) = (status, code, times));

        public void ResetConnection(int times) => Arm(() => _resets = times);

        public void CutBodies(long afterBytes, int times) => Arm(() => (_cutAfter, _cuts) = (afterBytes, times));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpStatusCode? fail = null;
            string code;
            bool reset;
            lock (_lock)
            {
                _requests++;
                code = _failCode;
                if (_failures > 0)
                {
                    _failures--;
                    fail = _failStatus;
                }

                reset = fail is null && _resets > 0 && _resets-- > 0;
            }

            if (fail is { } status)
            {
                return new HttpResponseMessage(status)
                {
                    Content = new StringContent(
                        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected</Message><RequestId>test</RequestId></Error>",
                        Encoding.UTF8, "application/xml"),
                };
            }

            if (reset)
            {
                throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"));
            }

            var response = await base.SendAsync(request, cancellationToken);
            bool cut;
            lock (_lock)
            {
                cut = request.Method == HttpMethod.Get && response.IsSuccessStatusCode && response.Content.Headers.ContentLength > _cutAfter && _cuts > 0;
                if (cut)
                {
                    _cuts--;
                }
            }

            if (cut)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var shortened = new StreamContent(new CutStream(body, _cutAfter));
                foreach (var header in response.Content.Headers)
                {
                    shortened.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = shortened;
            }

            return response;
        }

        private void Arm(Action set)
        {
            lock (_lock)
            {
                _requests = 0;
                set();
            }
        }
    }

    /// <summary>Holds every part upload for a while, counting how many are in flight at once; can refuse one part (403, not retried).</summary>
    private sealed class PartWatchingHandler(TimeSpan delay, int refusePart = 0) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _inFlight;
        private int _mostAtOnce;
        private int _partsSent;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int PartsSent => Volatile.Read(ref _partsSent);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var partNumber = System.Web.HttpUtility.ParseQueryString(request.RequestUri?.Query ?? "")["partNumber"];
            if (request.Method != HttpMethod.Put || partNumber is null)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostAtOnce, now);
            try
            {
                await Task.Delay(delay, cancellationToken);
                if (partNumber == refusePart.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return new HttpResponseMessage(HttpStatusCode.Forbidden)
                    {
                        Content = new StringContent(
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>refused</Message><RequestId>test</RequestId></Error>",
                            Encoding.UTF8, "application/xml"),
                    };
                }

                Interlocked.Increment(ref _partsSent);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    /// <summary>A response body that breaks like a dropped connection after a number of bytes.</summary>
    private sealed class CutStream(Stream inner, long cutAfter) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= cutAfter)
            {
                throw new IOException("The response ended prematurely (injected).");
            }

            var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, cutAfter - _read)], cancellationToken);
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
