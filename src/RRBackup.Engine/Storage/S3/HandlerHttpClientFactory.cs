using Amazon.Runtime;

namespace RRBackup.Engine.Storage.S3;

/// <summary>Makes the SDK send every request through one given handler (the fault-injection hook).</summary>
internal sealed class HandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(handler, disposeHandler: false) { Timeout = clientConfig.Timeout ?? TimeSpan.FromMinutes(5) };

    // One client per SDK client, cached by the SDK and disposed with it; the handler outlives both.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
