using CourseCove.Api.Admin;
using CourseCove.Api.Webhooks;
using CourseCove.Sync;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddDatabaseMigrations();
builder.AddClerkWebhooks();
builder.AddAdmin();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapClerkWebhooks();
app.MapAdmin();

app.Run();
