-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "routingVersion" BIGINT NOT NULL DEFAULT 0;

-- Hand-written (Prisma's schema language has no triggers): any change to what routing reads
-- moves the tenant's routingVersion on, in the same transaction as the change. The function
-- body is an E'' string with \073 for each semicolon: Prisma's migration runner (through the
-- pg driver adapter) splits a migration at every semicolon, dollar quotes or not.
CREATE FUNCTION "bump_routing_version"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  changed RECORD\073
  tenant TEXT\073
BEGIN
  IF TG_OP = ''DELETE'' THEN changed := OLD\073 ELSE changed := NEW\073 END IF\073
  IF TG_TABLE_NAME = ''ServiceIntegration'' THEN
    SELECT s."tenantId" INTO tenant FROM "Service" s WHERE s."id" = changed."serviceId"\073
  ELSE
    tenant := changed."tenantId"\073
  END IF\073
  UPDATE "Tenant" SET "routingVersion" = "routingVersion" + 1 WHERE "id" = tenant\073
  RETURN NULL\073
END';

CREATE TRIGGER "ChannelAsset_routing_version" AFTER INSERT OR UPDATE OR DELETE ON "ChannelAsset"
  FOR EACH ROW EXECUTE FUNCTION "bump_routing_version"();
CREATE TRIGGER "Rule_routing_version" AFTER INSERT OR UPDATE OR DELETE ON "Rule"
  FOR EACH ROW EXECUTE FUNCTION "bump_routing_version"();
CREATE TRIGGER "ServiceIntegration_routing_version" AFTER INSERT OR UPDATE OR DELETE ON "ServiceIntegration"
  FOR EACH ROW EXECUTE FUNCTION "bump_routing_version"();
-- Routing reads an integration's kind, platform and status, and its failure count changes on
-- every attempt without changing any route.
CREATE TRIGGER "Integration_routing_version" AFTER INSERT OR DELETE ON "Integration"
  FOR EACH ROW EXECUTE FUNCTION "bump_routing_version"();
CREATE TRIGGER "Integration_routing_version_update" AFTER UPDATE ON "Integration"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."kind" IS DISTINCT FROM NEW."kind"
                     OR OLD."platform" IS DISTINCT FROM NEW."platform")
  EXECUTE FUNCTION "bump_routing_version"();
