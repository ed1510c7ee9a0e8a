using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MasteryPath.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LtiAdvantage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LtiPlatforms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DeploymentIds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AuthLoginUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TokenUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    JwksUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TokenAudience = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RegisteredDynamically = table.Column<bool>(type: "boolean", nullable: false),
                    Approved = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiPlatforms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LtiToolKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiToolKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LtiContexts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlatformId = table.Column<long>(type: "bigint", nullable: false),
                    DeploymentId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContextId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ClassId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MembershipsUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LineItemsUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RosterSyncedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiContexts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiContexts_Classes_ClassId",
                        column: x => x.ClassId,
                        principalTable: "Classes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LtiContexts_LtiPlatforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "LtiPlatforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiLoginStates",
                columns: table => new
                {
                    State = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Nonce = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PlatformId = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiLoginStates", x => x.State);
                    table.ForeignKey(
                        name: "FK_LtiLoginStates_LtiPlatforms_PlatformId",
                        column: x => x.PlatformId,
                        principalTable: "LtiPlatforms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiResourceLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LtiContextId = table.Column<long>(type: "bigint", nullable: false),
                    ResourceLinkId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CourseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TargetKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LineItemUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ScopesJson = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiResourceLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiResourceLinks_LtiContexts_LtiContextId",
                        column: x => x.LtiContextId,
                        principalTable: "LtiContexts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LtiScoreOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResourceLinkId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PlatformUserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ScoreGiven = table.Column<double>(type: "double precision", nullable: false),
                    ScoreMaximum = table.Column<double>(type: "double precision", nullable: false),
                    ActivityProgress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GradingProgress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LtiScoreOutbox", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LtiScoreOutbox_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LtiScoreOutbox_LtiResourceLinks_ResourceLinkId",
                        column: x => x.ResourceLinkId,
                        principalTable: "LtiResourceLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LtiContexts_ClassId",
                table: "LtiContexts",
                column: "ClassId");

            migrationBuilder.CreateIndex(
                name: "IX_LtiContexts_PlatformId_DeploymentId_ContextId",
                table: "LtiContexts",
                columns: new[] { "PlatformId", "DeploymentId", "ContextId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiLoginStates_ExpiresAt",
                table: "LtiLoginStates",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_LtiLoginStates_PlatformId",
                table: "LtiLoginStates",
                column: "PlatformId");

            migrationBuilder.CreateIndex(
                name: "IX_LtiPlatforms_Issuer_ClientId",
                table: "LtiPlatforms",
                columns: new[] { "Issuer", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiResourceLinks_LtiContextId_ResourceLinkId",
                table: "LtiResourceLinks",
                columns: new[] { "LtiContextId", "ResourceLinkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LtiScoreOutbox_ResourceLinkId_UserId",
                table: "LtiScoreOutbox",
                columns: new[] { "ResourceLinkId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_LtiScoreOutbox_SentAt_NextAttemptAt",
                table: "LtiScoreOutbox",
                columns: new[] { "SentAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LtiScoreOutbox_UserId",
                table: "LtiScoreOutbox",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LtiLoginStates");

            migrationBuilder.DropTable(
                name: "LtiScoreOutbox");

            migrationBuilder.DropTable(
                name: "LtiToolKeys");

            migrationBuilder.DropTable(
                name: "LtiResourceLinks");

            migrationBuilder.DropTable(
                name: "LtiContexts");

            migrationBuilder.DropTable(
                name: "LtiPlatforms");
        }
    }
}
