using Aspire.Hosting.ApplicationModel;

namespace CourseCove.Tests.Infrastructure;

/// <summary>One replica on its own, past the proxy Aspire puts in front of a resource's replicas.</summary>
public static class ReplicaServing
{
    /// <summary>
    /// The address a replica listens on itself, behind the resource's shared proxy: its port is in the
    /// <c>ASPNETCORE_URLS</c> Aspire gave it.
    /// </summary>
    public static Uri Address(ResourceEvent replica)
    {
        var urls = replica.Snapshot.EnvironmentVariables.Single(e => e.Name == "ASPNETCORE_URLS").Value
            ?? throw new InvalidOperationException($"{replica.ResourceId} has no ASPNETCORE_URLS.");
        return new Uri(urls.Split(';')[0]);
    }

    /// <summary>Waits until the replica at this address answers its own <c>/health</c> with 200.</summary>
    public static async Task WaitUntilServingAsync(Uri replica, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(5) };
        var last = "no answer yet";
        try
        {
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/health", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                }
                catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
                {
                    // Not listening yet, or too busy starting to answer within the client's timeout.
                    last = e.Message;
                }

                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{replica} never answered /health with 200; last: {last}");
        }
    }
}
