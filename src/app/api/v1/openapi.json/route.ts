import { NextResponse } from "next/server";
import { openApiDocument } from "@/server/api-docs/openapi";

export function GET() {
  return NextResponse.json(openApiDocument);
}
