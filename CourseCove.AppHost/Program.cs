using CourseCove.AppHost.Clerk;
using CourseCove.AppHost.Infrastructure;
using CourseCove.AppHost.Monitoring;
using CourseCove.AppHost.Operations;
using CourseCove.AppHost.Scaling;
using CourseCove.AppHost.Secrets;
using CourseCove.Sync;

var builder = DistributedApplication.CreateBuilder(args);
// The services serve plain HTTP: no development certificate, so no certificate banner in the dashboard.
builder.WithoutDevelopmentCertificateForHttpProjects();

// PostgreSQL (with the coursecove database) and Redis: containers, or local processes without a container runtime.
var infrastructure = builder.AddCourseCoveInfrastructure();
var database = infrastructure.Database;
var redis = infrastructure.Redis;

var webhookSigningSecret = builder.AddWebhookSigningSecret();
var adminApiKey = builder.AddAdminApiKey();
// Clerk's Backend API: the real one with a configured key, else the simulator plays it (see ClerkBackendApi.cs).
var clerk = builder.AddClerkBackendApi();
// CourseCove:ApiReplicas / CourseCove:WorkerReplicas (default 1): Apis share localhost:5080, Workers one consumer group.
var replicas = ReplicaSettings.From(builder.Configuration);

// The Api applies the migrations; the others start once it serves, whatever its sync health (Degraded on failures).
var api = builder.AddProject<Projects.CourseCove_Api>(ResourceNames.Api)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithEnvironment("Clerk__WebhookSigningSecret", webhookSigningSecret)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithClerkBackendApi(clerk)
    .WithClerkSessions(clerk)
    .WithHttpHealthCheck("/health")
    .WithOperationsCommands(adminApiKey)
    .WithSyncHealth(adminApiKey)
    .WithReplicas(replicas.Api);

builder.AddProject<Projects.CourseCove_Worker>(ResourceNames.Worker)
    .WithReference(database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WaitForServing(api)
    .WithClerkBackendApi(clerk)
    .WithHttpHealthCheck("/health")
    .WithReplicas(replicas.Worker);

// Started from the dashboard: sends a sample Clerk history to the api and verifies the database converged.
// A development tool: not part of a deployment (see docs/deployment.md).
builder.AddProject<Projects.CourseCove_Simulator>(ResourceNames.Simulator)
    .WithReference(api).WaitForServing(api)
    .WithReference(database)
    .WithEnvironment("Clerk__WebhookSigningSecret", webhookSigningSecret)
    .WithExplicitStart()
    .ExcludeFromManifest();

builder.Build().Run();
