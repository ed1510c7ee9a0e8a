using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<byte[]>(
                name: "EngineState",
                table: "Enrollments",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotKey",
                table: "Enrollments",
                type: "TEXT",
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
