using CourseCove.Api.Admin;
using CourseCove.Api.Sync;
using CourseCove.Api.Tenants;
using CourseCove.Api.Webhooks;
using CourseCove.Sync;
using CourseCove.Sync.Clerk;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddDatabaseMigrations();
builder.AddClerkWebhooks();
builder.AddAdmin();
builder.AddClerkApi();
builder.AddTenantApi();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapClerkWebhooks();
app.MapAdmin();
app.MapReconcile();
app.MapTenants();

app.Run();
