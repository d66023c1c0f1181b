using System.Net.Sockets;
using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Tests.Sync;

/// <summary>"Unavailable" means the server could not be reached, never that it answered with an error.</summary>
public sealed class DatabaseErrorsTests
{
    private static PostgresException Answer(string sqlState) => new("server said no", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("08001")] // cannot establish a connection
    [InlineData("57P01")] // admin shutdown
    [InlineData("57P02")] // crash shutdown
    [InlineData("57P03")] // cannot connect now (starting up)
    [InlineData("53300")] // too many connections
    public void ConnectionLevelAnswersMeanUnreachable(string sqlState) =>
        Assert.True(DatabaseErrors.IsUnreachable(Answer(sqlState)));

    [Theory]
    [InlineData("22P05")] // untranslatable character: jsonb and \u0000
    [InlineData("22021")] // character not in repertoire (NUL in text)
    [InlineData("23505")] // unique violation
    [InlineData("54000")] // program limit exceeded (index row size)
    [InlineData("P0001")] // raised by a trigger
    [InlineData("40P01")] // deadlock: retried in place, but the server was there
    [InlineData("42P01")] // undefined table
    public void AnswersAboutTheDataOrTheStatementAreNotUnreachable(string sqlState) =>
        Assert.False(DatabaseErrors.IsUnreachable(Answer(sqlState)));

    [Fact]
    public void ClientSideFailuresAreUnreachable()
    {
        Assert.True(DatabaseErrors.IsUnreachable(new NpgsqlException("Exception while connecting", new SocketException())));
        Assert.True(DatabaseErrors.IsUnreachable(new NpgsqlException("The connection pool has been exhausted")));
        Assert.True(DatabaseErrors.IsUnreachable(new TimeoutException()));
    }

    [Fact]
    public void BugsAreNotUnreachable()
    {
        Assert.False(DatabaseErrors.IsUnreachable(new InvalidOperationException()));
        Assert.False(DatabaseErrors.IsUnreachable(new ArgumentOutOfRangeException()));
    }
}
