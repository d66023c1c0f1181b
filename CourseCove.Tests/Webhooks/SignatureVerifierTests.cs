using CourseCove.Api.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CourseCove.Tests.Webhooks;

/// <summary>After svix's own WebhookTest.cs: one known-good vector, then one broken thing per test.</summary>
public sealed class SignatureVerifierTests
{
    // The Svix reference vector.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Body = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    private static SignatureVerifier Verifier(string secret = Secret, DateTimeOffset? now = null) =>
        new(Options.Create(new ClerkOptions { WebhookSigningSecret = secret }), new FakeTimeProvider(now ?? SentAt));

    private static HeaderDictionary Headers(
        string? id = Id, string? timestamp = Timestamp, string? signature = Signature, string prefix = "svix")
    {
        var headers = new HeaderDictionary();
        if (id is not null) headers[$"{prefix}-id"] = id;
        if (timestamp is not null) headers[$"{prefix}-timestamp"] = timestamp;
        if (signature is not null) headers[$"{prefix}-signature"] = signature;
        return headers;
    }

    [Fact]
    public void ReferenceVectorVerifies()
    {
        var result = Verifier().Verify(Headers(), Body);

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(Id, result.WebhookId);
    }

    [Fact]
    public void UnbrandedStandardWebhookHeadersVerify() =>
        Assert.Equal(VerificationStatus.Verified, Verifier().Verify(Headers(prefix: "webhook"), Body).Status);

    [Fact]
    public void OneMatchingEntryAmongSeveralSuffices() =>
        Assert.Equal(VerificationStatus.Verified, Verifier().Verify(
            Headers(signature: $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc {Signature}"), Body).Status);

    [Fact]
    public void AnyOfTwoRotatingSecretsVerifies() =>
        Assert.Equal(VerificationStatus.Verified,
            Verifier($"whsec_{Convert.ToBase64String(new byte[24])} {Secret}").Verify(Headers(), Body).Status);

    [Fact]
    public void TamperedBodyIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized, Verifier().Verify(Headers(), """{"test": 2432232315}""").Status);

    [Fact]
    public void TamperedIdIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized, Verifier().Verify(Headers(id: "msg_other"), Body).Status);

    [Fact]
    public void TamperedTimestampIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized, Verifier().Verify(Headers(timestamp: "1614265331"), Body).Status);

    [Fact]
    public void WrongSecretIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized,
            Verifier($"whsec_{Convert.ToBase64String(new byte[24])}").Verify(Headers(), Body).Status);

    [Fact]
    public void OnlyOtherVersionsAreUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized,
            Verifier().Verify(Headers(signature: "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), Body).Status);

    [Fact]
    public void TimestampMoreThanFiveMinutesOldIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized,
            Verifier(now: SentAt.AddMinutes(5).AddSeconds(1)).Verify(Headers(), Body).Status);

    [Fact]
    public void TimestampMoreThanFiveMinutesAheadIsUnauthorized() =>
        Assert.Equal(VerificationStatus.Unauthorized,
            Verifier(now: SentAt.AddMinutes(-5).AddSeconds(-1)).Verify(Headers(), Body).Status);

    [Fact]
    public void TimestampJustInsideToleranceVerifies() =>
        Assert.Equal(VerificationStatus.Verified,
            Verifier(now: SentAt.AddMinutes(5)).Verify(Headers(), Body).Status);

    [Theory]
    [InlineData(null, Timestamp, Signature)]
    [InlineData(Id, null, Signature)]
    [InlineData(Id, Timestamp, null)]
    public void MissingHeaderIsMalformed(string? id, string? timestamp, string? signature) =>
        Assert.Equal(VerificationStatus.Malformed, Verifier().Verify(Headers(id, timestamp, signature), Body).Status);

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1614265330")]
    [InlineData("1614265330.5")]
    [InlineData("99999999999999999999")]
    public void NonNumericTimestampIsMalformed(string timestamp) =>
        Assert.Equal(VerificationStatus.Malformed, Verifier().Verify(Headers(timestamp: timestamp), Body).Status);

    [Fact]
    public void SignatureWithoutVersionIsMalformed() =>
        Assert.Equal(VerificationStatus.Malformed,
            Verifier().Verify(Headers(signature: "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), Body).Status);

    [Theory]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not-base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_%%%")]
    public void MalformedSecretFailsValidationNamingTheSetting(string secret)
    {
        var options = new ClerkOptions { WebhookSigningSecret = secret };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        var error = Assert.Single(errors);
        Assert.Contains("Clerk:WebhookSigningSecret", error.ErrorMessage);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", error.ErrorMessage);
    }
}
