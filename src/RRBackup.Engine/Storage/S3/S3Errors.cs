using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using RRBackup.Engine.Errors;

namespace RRBackup.Engine.Storage.S3;

/// <summary>Turns the SDK's exceptions into <see cref="RRBackupException"/>s that name the store, key and version, never the secret.</summary>
internal sealed class S3Errors(string storeDescription, string bucket, string? secret)
{
    private static readonly HashSet<string> CredentialErrorCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired",
        "AllAccessDisabled", "InvalidSecurity", "AuthorizationHeaderMalformed", "RequestTimeTooSkewed",
    };

    /// <summary>Whether an exception is one to translate: not ours already, and not the caller's own cancellation.</summary>
    public static bool ShouldTranslate(Exception e, CancellationToken cancellationToken) =>
        e is not RRBackupException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>The key (or version of a key) or version does not exist; also a delete marker asked for by id.</summary>
    public static bool IsObjectMissing(AmazonS3Exception e, string? versionId) =>
        e.ErrorCode is "NoSuchKey" or "NoSuchVersion"
        || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        // GET of a delete marker by its version id.
        || (e.StatusCode == HttpStatusCode.MethodNotAllowed && versionId is not null)
        // A version id this bucket could never have issued ("Invalid version id specified").
        || (e.StatusCode == HttpStatusCode.BadRequest && e.ErrorCode == "InvalidArgument" && versionId is not null);

    public static bool IsAccessDenied(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.Forbidden || (e.ErrorCode is not null && CredentialErrorCodes.Contains(e.ErrorCode));

    public static bool IsNoSuchBucket(AmazonS3Exception e) => e.ErrorCode == "NoSuchBucket";

    /// <summary>An exception about the store as a whole (not about one key).</summary>
    public RRBackupException Translate(Exception e, string operation) => Translate(e, operation, null, null);

    public RRBackupException Translate(Exception e, string operation, string? key, string? versionId)
    {
        if (e is RRBackupException ours)
        {
            return ours;
        }

        var what = Subject(key, versionId);
        var subject = what.Length == 0 ? operation : $"{operation} {what}";
        switch (e)
        {
            case AmazonS3Exception s3 when IsNoSuchBucket(s3):
                return Create(ErrorCodes.StoreNotFound,
                    $"{storeDescription}: bucket '{bucket}' does not exist ({subject}); create it, or fix the bucket name or endpoint", e);

            case AmazonS3Exception s3 when IsAccessDenied(s3):
                return Create(ErrorCodes.StoreFailure,
                    $"{storeDescription}: {subject} was refused: {Status(s3)}{Message(s3)}. Check the access key and secret key "
                    + "(or the AWS credential chain) and what they may do in bucket '" + bucket + "'", e);

            case AmazonServiceException service:
                return Create(ErrorCodes.StoreFailure, $"{storeDescription}: {subject} failed: {Status(service)}{Message(service)}", e);

            case HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException:
                return Create(ErrorCodes.StoreFailure,
                    $"{storeDescription}: {subject} failed: the server could not be reached or did not answer in time: {Describe(e)}", e);

            default:
                return Create(ErrorCodes.StoreFailure, $"{storeDescription}: {subject} failed: {Describe(e)}", e);
        }
    }

    /// <summary>A failure found by the store itself rather than reported by the SDK.</summary>
    public RRBackupException Failure(string operation, string? key, string? versionId, string problem)
    {
        var what = Subject(key, versionId);
        return Create(ErrorCodes.StoreFailure, $"{storeDescription}: {operation}{(what.Length == 0 ? "" : " " + what)} failed: {problem}", null);
    }

    public static string Subject(string? key, string? versionId) =>
        key is null ? "" : versionId is null ? $"'{key}'" : $"'{key}' version '{versionId}'";

    private RRBackupException Create(string code, string message, Exception? inner) =>
        new(code, ErrorKind.Store, Scrub(message), inner);

    private static string Status(AmazonServiceException e)
    {
        var code = string.IsNullOrEmpty(e.ErrorCode) ? e.StatusCode.ToString() : e.ErrorCode;
        return $"{(int)e.StatusCode} {code}";
    }

    private static string Message(AmazonServiceException e) =>
        string.IsNullOrWhiteSpace(e.Message) ? "" : ": " + e.Message.Trim().TrimEnd('.');

    private static string Describe(Exception e)
    {
        // The innermost message usually says what happened (connection refused, reset, ...).
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(inner.Message) && !message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " (" + inner.Message + ")";
            }
        }

        return message;
    }

    private string Scrub(string message) =>
        string.IsNullOrEmpty(secret) ? message : message.Replace(secret, "***", StringComparison.Ordinal);
}
