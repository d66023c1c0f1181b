using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class DataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "payload",
                table: "webhook_events",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "subject_user_id",
                table: "webhook_events",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_subject_unread",
                table: "webhook_events",
                column: "id",
                filter: "subject_user_id IS NULL AND payload IS NOT NULL AND status <> 'pending' AND event_type IN ('user.created', 'user.updated', 'user.deleted', 'organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted')");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_subject_user_id",
                table: "webhook_events",
                column: "subject_user_id",
                filter: "subject_user_id IS NOT NULL AND payload IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_with_payload",
                table: "webhook_events",
                column: "created_at",
                filter: "payload IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_webhook_events_pending_payload",
                table: "webhook_events",
                sql: "status <> 'pending' OR payload IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_users_to_erase",
                table: "users",
                column: "deleted_at",
                filter: "status = 'DELETED' AND (email IS NOT NULL OR first_name IS NOT NULL OR last_name IS NOT NULL OR username IS NOT NULL OR image_url IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_tombstones_deleted_at",
                table: "tombstones",
                column: "deleted_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_subject_unread",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_events_subject_user_id",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_events_with_payload",
                table: "webhook_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_webhook_events_pending_payload",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_users_to_erase",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_tombstones_deleted_at",
                table: "tombstones");

            migrationBuilder.DropColumn(
                name: "subject_user_id",
                table: "webhook_events");

            migrationBuilder.AlterColumn<string>(
                name: "payload",
                table: "webhook_events",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
