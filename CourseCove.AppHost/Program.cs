using CourseCove.Sync;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume();
var database = postgres.AddDatabase(ResourceNames.Database);
var redis = builder.AddRedis(ResourceNames.Redis);

var api = builder.AddProject<Projects.CourseCove_Api>(ResourceNames.Api)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.CourseCove_Worker>(ResourceNames.Worker)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WaitFor(api)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
