using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace CourseCove.Sync.Data;

/// <summary>CourseCove's synced copy of Clerk, plus the webhook event log.</summary>
public sealed class SyncDbContext(DbContextOptions<SyncDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationMembership> OrganizationMemberships => Set<OrganizationMembership>();
    public DbSet<Tombstone> Tombstones => Set<Tombstone>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<ReconcileRun> ReconcileRuns => Set<ReconcileRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users", t => t.HasCheckConstraint("ck_users_status", "status IN ('ACTIVE', 'DELETED')"));
            user.Property(u => u.Status).HasDefaultValue(User.Active);
            user.Property(u => u.SyncedAt).HasDefaultValueSql("now()");
            // Not unique: out-of-order delivery can briefly show one address on two users. Hash, not B-tree: an
            // index entry has no size limit, so an address of any length is stored.
            user.HasIndex(u => u.Email).HasMethod("hash");
            // The retention pass: deleted users whose personal data is not erased yet (they leave it once erased).
            user.HasIndex(u => u.DeletedAt).HasFilter(RetentionIndexes.UsersToErase).HasDatabaseName("ix_users_to_erase");
        });

        modelBuilder.Entity<Organization>(org =>
        {
            org.Property(o => o.SyncedAt).HasDefaultValueSql("now()");
            // Not unique, like users.email: a rename and a create can arrive in either order.
            org.HasIndex(o => o.Slug).HasMethod("hash");
        });

        modelBuilder.Entity<OrganizationMembership>(membership =>
        {
            membership.Property(m => m.SyncedAt).HasDefaultValueSql("now()");
            membership.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique();
            membership.HasIndex(m => m.UserId);
            membership.HasOne(m => m.Organization).WithMany(o => o.Memberships)
                .HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne(m => m.User).WithMany()
                .HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Tombstone>(tombstone =>
        {
            tombstone.HasKey(t => new { t.Kind, t.Id });
            tombstone.HasIndex(t => t.DeletedAt);
        });

        modelBuilder.Entity<WebhookEvent>(evt =>
        {
            evt.ToTable("webhook_events", t =>
            {
                t.HasCheckConstraint("ck_webhook_events_status", "status IN ('pending', 'completed', 'failed')");
                // Whatever makes an event pending (hand-off, replay, revival) must have its body to process.
                t.HasCheckConstraint("ck_webhook_events_pending_payload", $"status <> '{WebhookEvent.Pending}' OR payload IS NOT NULL");
            });
            evt.HasIndex(e => e.WebhookId).IsUnique();
            evt.HasIndex(e => e.EventType);
            evt.HasIndex(e => e.Status);
            evt.HasIndex(e => e.CreatedAt);
            // The Worker's scheduler: pending events that are due (retry back-off, parked re-check, lost hand-off).
            evt.HasIndex(e => e.NextAttemptAt).HasFilter("status = 'pending'");
            // Dead letters that wait for a user or organization: the scheduler revives them once one is stored.
            evt.HasIndex(e => e.UpdatedAt, "failed_waiting").HasDatabaseName("ix_webhook_events_failed_waiting")
                .HasFilter("status = 'failed' AND waiting_for IS NOT NULL");
            // Events waiting for a user or organization, by key: whether anything waits for what an event just stored
            // (asked by every event that stores one, so that nothing is announced in vain) and which ones to wake.
            evt.HasIndex(e => e.WaitingFor, "waiting").HasDatabaseName("ix_webhook_events_waiting").HasMethod("gin")
                .HasFilter(Processing.WebhookEventLog.WaitingIndexFilter);
            // The retention pass: bodies still held (oldest first), bodies whose user is not read yet, bodies by user.
            evt.HasIndex(e => e.CreatedAt, "with_payload").HasDatabaseName("ix_webhook_events_with_payload")
                .HasFilter(RetentionIndexes.WithPayload);
            evt.HasIndex(e => e.Id, "subject_unread").HasDatabaseName("ix_webhook_events_subject_unread")
                .HasFilter(RetentionIndexes.SubjectUnread);
            evt.HasIndex(e => e.SubjectUserId).HasFilter(RetentionIndexes.WithSubject);
            evt.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
            evt.Property(e => e.UpdatedAt).HasDefaultValueSql("now()");
        });

        modelBuilder.Entity<ReconcileRun>(run =>
        {
            run.ToTable("reconcile_runs", t => t.HasCheckConstraint(
                "ck_reconcile_runs_status", "status IN ('running', 'completed', 'failed')"));
            run.Property(r => r.RequestedAt).HasDefaultValueSql("now()");
            foreach (var counter in new Expression<Func<ReconcileRun, long>>[]
                     { r => r.FetchedUsers, r => r.FetchedOrganizations, r => r.FetchedMemberships, r => r.Created, r => r.Updated, r => r.Deleted })
            {
                run.Property(counter).HasDefaultValue(0L);
            }

            // At most one run waits for a Worker: a second request while it waits gets the same run.
            run.HasIndex(r => r.Status).IsUnique().HasFilter("status = 'running' AND started_at IS NULL")
                .HasDatabaseName("ix_reconcile_runs_waiting");
            run.HasIndex(r => r.RequestedAt);
        });
    }
}
