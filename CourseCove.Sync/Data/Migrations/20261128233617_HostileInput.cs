using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class HostileInput : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_organizations_slug",
                table: "organizations");

            // The body as received, byte for byte: jsonb refuses \u0000 (22P05), text takes any valid JSON.
            migrationBuilder.Sql("ALTER TABLE webhook_events ALTER COLUMN payload TYPE text USING payload::text");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "waiting_since",
                table: "webhook_events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_failed_waiting",
                table: "webhook_events",
                column: "updated_at",
                filter: "status = 'failed' AND waiting_for IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email")
                .Annotation("Npgsql:IndexMethod", "hash");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_slug",
                table: "organizations",
                column: "slug")
                .Annotation("Npgsql:IndexMethod", "hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_failed_waiting",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_users_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_organizations_slug",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "waiting_since",
                table: "webhook_events");

            // Fails on any stored body jsonb cannot hold (\u0000): such events would have to be removed first.
            migrationBuilder.Sql("ALTER TABLE webhook_events ALTER COLUMN payload TYPE jsonb USING payload::jsonb");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_slug",
                table: "organizations",
                column: "slug");
        }
    }
}
