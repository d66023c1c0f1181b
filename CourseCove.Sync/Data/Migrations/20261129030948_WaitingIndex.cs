using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class WaitingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_waiting",
                table: "webhook_events",
                column: "waiting_for",
                filter: "waiting_for IS NOT NULL AND status IN ('pending', 'failed')")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_waiting",
                table: "webhook_events");
        }
    }
}
