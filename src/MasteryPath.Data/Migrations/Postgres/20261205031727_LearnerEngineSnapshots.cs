using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LearnerEngineSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EngineSequence",
                table: "Enrollments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<byte[]>(
                name: "EngineState",
                table: "Enrollments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotKey",
                table: "Enrollments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EngineSequence",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "EngineState",
                table: "Enrollments");

            migrationBuilder.DropColumn(
                name: "SnapshotKey",
                table: "Enrollments");
        }
    }
}
