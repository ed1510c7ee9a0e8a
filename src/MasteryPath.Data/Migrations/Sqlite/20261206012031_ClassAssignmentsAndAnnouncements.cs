using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClassAssignmentsAndAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClassAnnouncements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClassId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassAnnouncements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassAnnouncements_Classes_ClassId",
                        column: x => x.ClassId,
                        principalTable: "Classes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClassAssignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClassId = table.Column<long>(type: "INTEGER", nullable: false),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UnitId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ForWholeClass = table.Column<bool>(type: "INTEGER", nullable: false),
                    AssignedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassAssignments_Classes_ClassId",
                        column: x => x.ClassId,
                        principalTable: "Classes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClassAssignmentLearners",
                columns: table => new
                {
                    AssignmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassAssignmentLearners", x => new { x.AssignmentId, x.LearnerId });
                    table.ForeignKey(
                        name: "FK_ClassAssignmentLearners_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClassAssignmentLearners_ClassAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "ClassAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ClassAssignmentSkills",
                columns: table => new
                {
                    AssignmentId = table.Column<long>(type: "INTEGER", nullable: false),
                    SkillId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassAssignmentSkills", x => new { x.AssignmentId, x.SkillId });
                    table.ForeignKey(
                        name: "FK_ClassAssignmentSkills_ClassAssignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "ClassAssignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClassAnnouncements_ClassId_PostedAt",
                table: "ClassAnnouncements",
                columns: new[] { "ClassId", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClassAssignmentLearners_LearnerId",
                table: "ClassAssignmentLearners",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassAssignments_ClassId_AssignedAt",
                table: "ClassAssignments",
                columns: new[] { "ClassId", "AssignedAt" });

            // Each assignment of one skill to one learner becomes an assignment of that skill to that learner.
            migrationBuilder.Sql("""
                INSERT INTO "ClassAssignments" ("Id", "ClassId", "CourseId", "Title", "UnitId", "Note", "DueOn", "ForWholeClass", "AssignedById", "AssignedAt")
                SELECT "Id", "ClassId", "CourseId", "SkillId", NULL, "Note", NULL, FALSE, "AssignedById", "AssignedAt" FROM "Assignments";
                INSERT INTO "ClassAssignmentSkills" ("AssignmentId", "SkillId", "Position") SELECT "Id", "SkillId", 0 FROM "Assignments";
                INSERT INTO "ClassAssignmentLearners" ("AssignmentId", "LearnerId") SELECT "Id", "LearnerId" FROM "Assignments";
                """);

            migrationBuilder.DropTable(
                name: "Assignments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AssignedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClassId = table.Column<long>(type: "INTEGER", nullable: false),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SkillId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assignments_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Assignments_Classes_ClassId",
                        column: x => x.ClassId,
                        principalTable: "Classes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ClassId",
                table: "Assignments",
                column: "ClassId");

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_LearnerId_CourseId",
                table: "Assignments",
                columns: new[] { "LearnerId", "CourseId" });

            migrationBuilder.Sql("""
                INSERT INTO "Assignments" ("Id", "ClassId", "LearnerId", "CourseId", "SkillId", "AssignedById", "AssignedAt", "Note")
                SELECT ROW_NUMBER() OVER (ORDER BY a."Id", s."Position", l."LearnerId"), a."ClassId", l."LearnerId", a."CourseId", s."SkillId", a."AssignedById", a."AssignedAt", a."Note"
                FROM "ClassAssignments" a JOIN "ClassAssignmentSkills" s ON s."AssignmentId" = a."Id" JOIN "ClassAssignmentLearners" l ON l."AssignmentId" = a."Id";
                """);

            migrationBuilder.DropTable(
                name: "ClassAnnouncements");

            migrationBuilder.DropTable(
                name: "ClassAssignmentLearners");

            migrationBuilder.DropTable(
                name: "ClassAssignmentSkills");

            migrationBuilder.DropTable(
                name: "ClassAssignments");
        }
    }
}
