using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClassAlarmsAndMisconceptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReteachMinLearners",
                table: "Classes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StuckAfterWrongInARow",
                table: "Classes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Misconception",
                table: "Attempts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReteachMinLearners",
                table: "Classes");

            migrationBuilder.DropColumn(
                name: "StuckAfterWrongInARow",
                table: "Classes");

            migrationBuilder.DropColumn(
                name: "Misconception",
                table: "Attempts");
        }
    }
}
