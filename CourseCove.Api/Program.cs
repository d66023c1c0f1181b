using CourseCove.Sync;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddDatabaseMigrations();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
