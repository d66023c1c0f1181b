using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CourseCove.Sync.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SyncDbContext>
{
    public SyncDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SyncDbContext>()
        .UseNpgsql("Host=localhost;Database=coursecove")
        .UseSnakeCaseNamingConvention()
        .Options);
}
