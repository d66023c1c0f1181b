using CourseCove.Sync;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCourseCoveSync();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
