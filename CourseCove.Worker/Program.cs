using CourseCove.Sync;
using CourseCove.Worker.Processing;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();
builder.AddWebhookWorker();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
