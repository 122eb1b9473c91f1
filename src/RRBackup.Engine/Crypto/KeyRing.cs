using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using RRBackup.Engine.Configuration;
using RRBackup.Engine.Crypto.Json;
using RRBackup.Engine.Errors;
using RRBackup.Engine.Manifest.Json;
using RRBackup.Engine.Objects;
using RRBackup.Engine.Storage;

namespace RRBackup.Engine.Crypto;

/// <summary>
/// The store's keys: the salt object (Argon2id salt and cost) turns the password into a key-encryption
/// key, which opens the key object holding the random data key that seals every other object.
/// </summary>
/// <remarks>Changing the password rewrites only the key object: no data is sealed again.</remarks>
internal sealed class KeyRing(IVersionedObjectStore store, RemoteNames names, string? password, KdfParameters kdf)
{
    private const int Format = 1;
    private const string KdfName = "argon2id";
    private const string WrapName = "xchacha20poly1305";
    private static readonly byte[] WrapAssociatedData = "rrbackup key object v1"u8.ToArray();

    /// <summary>Opens the data key; creates the salt and key objects first when the store has neither and <paramref name="create"/> is set.</summary>
    public async Task<DataKey> OpenAsync(bool create, CancellationToken cancellationToken)
    {
        var secret = RequirePassword();
        var salt = await ReadLatestAsync(names.PasswordSalt, ObjectKind.Salt, cancellationToken).ConfigureAwait(false);
        var key = await ReadLatestAsync(names.Key, ObjectKind.Key, cancellationToken).ConfigureAwait(false);
        if (key is null && create)
        {
            // A salt without a key is what a first commit interrupted between the two writes leaves; no data was sealed yet.
            return await CreateAsync(secret, salt is null ? null : ParseSalt(salt.Value.Body, salt.Value.VersionId), cancellationToken).ConfigureAwait(false);
        }

        if (salt is null || key is null)
        {
            throw new RRBackupException(ErrorCodes.KeyMissing, ErrorKind.Data, salt is null && key is null
                ? $"{store.Description} has no key object '{names.Key}': nothing encrypted was ever committed to it, or the key object was lost"
                : $"{store.Description} has a {(salt is null ? "key" : "salt")} object but no '{(salt is null ? names.PasswordSalt : names.Key)}'; the encrypted data cannot be opened");
        }

        var document = ParseKey(key.Value.Body, key.Value.VersionId);
        using var kek = DeriveKek(secret, ParseSalt(salt.Value.Body, salt.Value.VersionId));
        var dataKey = Unwrap(kek, document);
        if (!string.Equals(Convert.ToHexStringLower(dataKey.KeyId), document.KeyId, StringComparison.Ordinal))
        {
            dataKey.Dispose();
            throw Error.Corrupt(names.Key, key.Value.VersionId, "the key it holds does not match the key id it names");
        }

        return dataKey;
    }

    /// <summary>Seals the data key under a new password, then deletes every older key object version.</summary>
    public async Task ChangePasswordAsync(string newPassword, CancellationToken cancellationToken)
    {
        using var dataKey = await OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var salt = await ReadLatestAsync(names.PasswordSalt, ObjectKind.Salt, cancellationToken).ConfigureAwait(false);
        var old = await store.ListVersionsAsync(names.Key, cancellationToken).ConfigureAwait(false);
        using (var kek = DeriveKek(newPassword, ParseSalt(salt!.Value.Body, salt.Value.VersionId)))
        {
            await WriteKeyAsync(kek, dataKey, cancellationToken).ConfigureAwait(false);
        }

        foreach (var version in old)
        {
            await store.DeleteVersionAsync(names.Key, version.VersionId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DataKey> CreateAsync(string secret, SaltDocument? existingSalt, CancellationToken cancellationToken)
    {
        var salt = existingSalt ?? new SaltDocument
        {
            Format = Format,
            Kdf = KdfName,
            Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            MemoryKib = kdf.MemoryKib,
            Passes = kdf.Passes,
            Parallelism = kdf.Parallelism,
        };
        if (existingSalt is null)
        {
            var saltBody = JsonSerializer.SerializeToUtf8Bytes(salt, CryptoJsonContext.Default.SaltDocument);
            await MetadataObjects.PutAsync(store, names.PasswordSalt, ObjectKind.Salt, saltBody, PutDurability.Immediate, cancellationToken).ConfigureAwait(false);
        }

        var dataKey = DataKey.Generate();
        using var kek = DeriveKek(secret, salt);
        await WriteKeyAsync(kek, dataKey, cancellationToken).ConfigureAwait(false);
        return dataKey;
    }

    private async Task WriteKeyAsync(Key kek, DataKey dataKey, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(AeadAlgorithm.XChaCha20Poly1305.NonceSize);
        var wrapped = AeadAlgorithm.XChaCha20Poly1305.Encrypt(kek, nonce, WrapAssociatedData, dataKey.Raw);
        var document = new KeyDocument
        {
            Format = Format,
            KeyId = Convert.ToHexStringLower(dataKey.KeyId),
            Wrap = WrapName,
            Nonce = Convert.ToBase64String(nonce),
            Wrapped = Convert.ToBase64String(wrapped),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(document, CryptoJsonContext.Default.KeyDocument);
        await MetadataObjects.PutAsync(store, names.Key, ObjectKind.Key, body, PutDurability.Immediate, cancellationToken).ConfigureAwait(false);
    }

    private DataKey Unwrap(Key kek, KeyDocument document)
    {
        var raw = new byte[DataKey.Size];
        if (!AeadAlgorithm.XChaCha20Poly1305.Decrypt(kek, Convert.FromBase64String(document.Nonce), WrapAssociatedData, Convert.FromBase64String(document.Wrapped), raw))
        {
            throw new RRBackupException(ErrorCodes.WrongPassword, ErrorKind.WrongPassword,
                $"the password does not open the key object '{names.Key}' of {store.Description}: wrong password");
        }

        return DataKey.FromBytes(raw);
    }

    private static Key DeriveKek(string secret, SaltDocument salt)
    {
        var parameters = new Argon2Parameters { MemorySize = salt.MemoryKib, NumberOfPasses = salt.Passes, DegreeOfParallelism = salt.Parallelism };
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters);
        return algorithm.DeriveKey(Encoding.UTF8.GetBytes(secret), Convert.FromBase64String(salt.Salt), AeadAlgorithm.XChaCha20Poly1305);
    }

    private string RequirePassword() => password is { Length: > 0 }
        ? password
        : throw new RRBackupException(ErrorCodes.PasswordMissing, ErrorKind.Configuration,
            "encrypted data needs a password: set crypt_password or crypt_password_file in [main], or RRBACKUP_CRYPT_PASSWORD");

    private async Task<(byte[] Body, string VersionId)?> ReadLatestAsync(string key, ObjectKind kind, CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(key, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0 || versions[^1].IsDeleteMarker)
        {
            return null;
        }

        var latest = versions[^1].VersionId;
        return (await MetadataObjects.GetAsync(store, key, latest, kind, cancellationToken).ConfigureAwait(false), latest);
    }

    private SaltDocument ParseSalt(byte[] body, string versionId)
    {
        var salt = ManifestCodec.Deserialize(body, CryptoJsonContext.Default.SaltDocument, names.PasswordSalt, versionId);
        if (salt.Format != Format || salt.Kdf != KdfName || salt.MemoryKib < 8 || salt.Passes < 1 || salt.Parallelism != 1)
        {
            throw Error.Corrupt(names.PasswordSalt, versionId, $"it names an unknown key derivation ({salt.Kdf}, format {salt.Format})");
        }

        return salt;
    }

    private KeyDocument ParseKey(byte[] body, string versionId)
    {
        var key = ManifestCodec.Deserialize(body, CryptoJsonContext.Default.KeyDocument, names.Key, versionId);
        if (key.Format != Format || key.Wrap != WrapName)
        {
            throw Error.Corrupt(names.Key, versionId, $"it wraps its key in an unknown way ({key.Wrap}, format {key.Format})");
        }

        return key;
    }
}
