using System.Net;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Monitoring;

/// <summary>/health still covers PostgreSQL through the data source's check, without the DbContext's duplicate of it.</summary>
[Collection(AppHostCollection.Name)]
public sealed class HealthEndpointTests(AppHostFixture app)
{
    [Fact]
    public async Task HealthReportsAnUnreachableDatabase()
    {
        await using var api = new ApiFactory(app, ("ConnectionStrings:coursecove", ApiFactory.DeadPostgres));

        using var response = await api.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task HealthIsHealthyWithTheDatabaseUp()
    {
        await using var api = new ApiFactory(app);

        using var response = await api.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
