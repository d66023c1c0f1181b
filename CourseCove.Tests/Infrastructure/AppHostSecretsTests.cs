extern alias AppHost;

using System.Buffers.Text;
using AppHost::CourseCove.AppHost.Secrets;

namespace CourseCove.Tests.Infrastructure;

/// <summary>The development secrets a clean clone gets must have the shapes the Api expects.</summary>
public sealed class AppHostSecretsTests
{
    [Fact]
    public void GeneratedSigningSecretIsWhsecAndTheBase64Of32Bytes()
    {
        var secret = AppHostSecrets.NewWebhookSigningSecret();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
    }

    [Fact]
    public void GeneratedAdminApiKeyIsUrlSafeAndCarries256Bits()
    {
        var key = AppHostSecrets.NewAdminApiKey();

        Assert.Equal(Uri.EscapeDataString(key), key);
        Assert.Equal(32, Base64Url.DecodeFromChars(key).Length);
    }

    [Fact]
    public void EachGeneratedSecretIsNew()
    {
        Assert.NotEqual(AppHostSecrets.NewWebhookSigningSecret(), AppHostSecrets.NewWebhookSigningSecret());
        Assert.NotEqual(AppHostSecrets.NewAdminApiKey(), AppHostSecrets.NewAdminApiKey());
    }
}
