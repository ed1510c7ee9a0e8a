using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteryPath.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Families : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FamilyDigestOptOuts",
                columns: table => new
                {
                    ParentId = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyDigestOptOuts", x => x.ParentId);
                    table.ForeignKey(
                        name: "FK_FamilyDigestOptOuts_AspNetUsers_ParentId",
                        column: x => x.ParentId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FamilyDigests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParentId = table.Column<string>(type: "TEXT", nullable: false),
                    Week = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyDigests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FamilyDigests_AspNetUsers_ParentId",
                        column: x => x.ParentId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FamilyLinkCodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UsedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyLinkCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FamilyLinkCodes_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FamilyLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParentId = table.Column<string>(type: "TEXT", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FamilyLinks_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FamilyLinks_AspNetUsers_ParentId",
                        column: x => x.ParentId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FamilyMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParentId = table.Column<string>(type: "TEXT", nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", nullable: false),
                    TeacherId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FamilyMessages_AspNetUsers_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FamilyMessages_AspNetUsers_ParentId",
                        column: x => x.ParentId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FamilyDigests_ParentId_Week",
                table: "FamilyDigests",
                columns: new[] { "ParentId", "Week" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FamilyLinkCodes_CodeHash",
                table: "FamilyLinkCodes",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FamilyLinkCodes_LearnerId",
                table: "FamilyLinkCodes",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyLinks_LearnerId",
                table: "FamilyLinks",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyLinks_ParentId_LearnerId",
                table: "FamilyLinks",
                columns: new[] { "ParentId", "LearnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FamilyMessages_LearnerId",
                table: "FamilyMessages",
                column: "LearnerId");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyMessages_ParentId_LearnerId_SentAt",
                table: "FamilyMessages",
                columns: new[] { "ParentId", "LearnerId", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FamilyDigestOptOuts");

            migrationBuilder.DropTable(
                name: "FamilyDigests");

            migrationBuilder.DropTable(
                name: "FamilyLinkCodes");

            migrationBuilder.DropTable(
                name: "FamilyLinks");

            migrationBuilder.DropTable(
                name: "FamilyMessages");
        }
    }
}
