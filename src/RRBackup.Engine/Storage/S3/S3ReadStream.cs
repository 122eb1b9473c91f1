using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RRBackup.Engine.Storage.S3;

/// <summary>
/// The body of one object version, streamed from S3. When the connection breaks mid-body the read
/// resumes from the same byte of the same version with a range request, a few times; a body that
/// ends early is never passed off as complete.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string? _versionId;
    private readonly string? _etag;
    private readonly string? _requestedVersionId;
    private readonly long _length;
    private readonly S3Errors _errors;
    /// <summary>Reading this much after a resume restores the resume budget: a long read may break now and then.</summary>
    private const long ProgressThatRestoresResumes = 64L << 20;

    private readonly int _maxResumes;
    private int _resumesLeft;
    private int _resumes;
    private long _positionAtLastResume;
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position;

    public S3ReadStream(IAmazonS3 client, string bucket, string key, string? requestedVersionId, GetObjectResponse response, S3Errors errors, int maxResumes)
    {
        _client = client;
        _bucket = bucket;
        _key = key;
        _requestedVersionId = requestedVersionId;
        // Resume against the version actually opened, so "latest" cannot change under the reader.
        _versionId = string.IsNullOrEmpty(response.VersionId) ? requestedVersionId : response.VersionId;
        _etag = string.IsNullOrEmpty(response.ETag) ? null : response.ETag;
        _length = response.ContentLength;
        _errors = errors;
        _maxResumes = maxResumes;
        _resumesLeft = maxResumes;
        _response = response;
        _body = response.ResponseStream;
    }

    public override bool CanRead => _body is not null;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    private bool CanResume =>
        _maxResumes > 0
        && (_resumesLeft > 0 || _position - _positionAtLastResume >= ProgressThatRestoresResumes)
        && _length >= 0
        && (_versionId is not null || _etag is not null);

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_body is null, this);
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            var body = _body ?? throw new ObjectDisposedException(nameof(S3ReadStream));
            int read;
            try
            {
                read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsBrokenConnection(e, cancellationToken) && CanResume)
            {
                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
            {
                throw _errors.Translate(e, $"read (at byte {_position})", _key, _versionId ?? _requestedVersionId);
            }

            if (read == 0 && _length >= 0 && _position < _length)
            {
                if (CanResume)
                {
                    await ResumeAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw _errors.Failure("read", _key, _versionId ?? _requestedVersionId,
                    $"the body ended after {_position} of {_length} bytes");
            }

            _position += read;
            return read;
        }
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
            Release();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Release();
        return base.DisposeAsync();
    }

    private void Release()
    {
        _body = null;
        _response?.Dispose();
        _response = null;
    }

    private static bool IsBrokenConnection(Exception e, CancellationToken cancellationToken) =>
        e is IOException or HttpRequestException or SocketException or AmazonClientException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (_position - _positionAtLastResume >= ProgressThatRestoresResumes)
        {
            _resumesLeft = _maxResumes;
            _resumes = 0;
        }

        _positionAtLastResume = _position;
        _resumesLeft--;
        _resumes++;
        Release();

        // Back off a little more each time, with jitter, before asking again.
        var delay = TimeSpan.FromMilliseconds((100 << Math.Min(_resumes, 6)) * (0.5 + Random.Shared.NextDouble()));
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);

        var request = new GetObjectRequest
        {
            BucketName = _bucket,
            Key = _key,
            VersionId = _versionId,
            EtagToMatch = _versionId is null ? _etag : null,
            ByteRange = new ByteRange(_position, _length - 1),
        };
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.ShouldTranslate(e, cancellationToken))
        {
            throw _errors.Translate(e, $"resume read (at byte {_position})", _key, _versionId ?? _requestedVersionId);
        }

        if (response.ContentLength != _length - _position)
        {
            response.Dispose();
            throw _errors.Failure("resume read", _key, _versionId ?? _requestedVersionId,
                $"asked for bytes {_position}-{_length - 1} and got {response.ContentLength} bytes");
        }

        _response = response;
        _body = response.ResponseStream;
    }
}
