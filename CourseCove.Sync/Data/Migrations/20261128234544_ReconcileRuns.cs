using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReconcileRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reconcile_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    worker = table.Column<string>(type: "text", nullable: true),
                    fetched_users = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    fetched_organizations = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    fetched_memberships = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    created = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    updated = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    deleted = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconcile_runs", x => x.id);
                    table.CheckConstraint("ck_reconcile_runs_status", "status IN ('running', 'completed', 'failed')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_reconcile_runs_requested_at",
                table: "reconcile_runs",
                column: "requested_at");

            migrationBuilder.CreateIndex(
                name: "ix_reconcile_runs_waiting",
                table: "reconcile_runs",
                column: "status",
                unique: true,
                filter: "status = 'running' AND started_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reconcile_runs");
        }
    }
}
