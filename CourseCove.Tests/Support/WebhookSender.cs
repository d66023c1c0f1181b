using System.Text;
using StandardWebhooks;

namespace CourseCove.Tests.Support;

/// <summary>Signs and posts bodies the way Svix does (svix-id, svix-timestamp, svix-signature).</summary>
public sealed class WebhookSender(HttpClient client, string secret)
{
    public const string Path = "/api/webhooks/clerk";

    public Task<HttpResponseMessage> SendAsync(string body, string? webhookId = null, DateTimeOffset? timestamp = null) =>
        client.SendAsync(Signed(body, webhookId ?? ClerkEvents.NewId("msg"), timestamp ?? DateTimeOffset.UtcNow, secret));

    public static HttpRequestMessage Signed(string body, string webhookId, DateTimeOffset timestamp, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("svix-id", webhookId);
        request.Headers.Add("svix-timestamp", timestamp.ToUnixTimeSeconds().ToString());
        request.Headers.Add("svix-signature", new StandardWebhook(secret).Sign(webhookId, timestamp, body));
        return request;
    }
}

/// <summary>Fresh signing secrets, in Clerk's whsec_ form.</summary>
public static class TestSecrets
{
    public static string Random() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
