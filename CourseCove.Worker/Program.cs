using CourseCove.Sync;
using CourseCove.Worker.Processing;
using CourseCove.Worker.Reconciliation;
using CourseCove.Worker.Retention;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddWebhookWorker();
builder.AddClerkReconciliation();
builder.AddDataRetention();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
