using CourseCove.Api.Webhooks;
using CourseCove.Sync;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddDatabaseMigrations();
builder.AddClerkWebhooks();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapClerkWebhooks();

app.Run();
