using CourseCove.Sync;
using CourseCove.Worker.Processing;
using CourseCove.Worker.Reconciliation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddWebhookWorker();
builder.AddClerkReconciliation();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
