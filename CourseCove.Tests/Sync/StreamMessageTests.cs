using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using StackExchange.Redis;

namespace CourseCove.Tests.Sync;

/// <summary>A stream entry is read back as the message that was written, and a foreign or broken one as nothing.</summary>
public sealed class StreamMessageTests
{
    [Fact]
    public void AMessageRoundTripsThroughItsEntries()
    {
        var webhook = new ReceivedWebhook("msg_1", "user.created", "{\"a\":\"\\u0000\"}", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var read = StreamMessage.FromEntries(new StreamMessage(webhook, Recorded: false).ToEntries());

        Assert.Equal(new StreamMessage(webhook, false), read);
    }

    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void AnEntryWhoseTimeNoClockCanHoldIsMalformedNotAnException(string receivedAt)
    {
        NameValueEntry[] entries =
        [
            new("webhook_id", "msg_1"), new("event_type", "user.created"), new("payload", "{}"), new("received_at", receivedAt),
        ];

        Assert.Null(StreamMessage.FromEntries(entries));
    }
}
