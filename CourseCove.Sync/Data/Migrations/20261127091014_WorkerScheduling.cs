using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkerScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "webhook_events",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_next_attempt_at",
                table: "webhook_events",
                column: "next_attempt_at",
                filter: "status = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_next_attempt_at",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "webhook_events");
        }
    }
}
