import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";
import { ApiError, errorResponse, MAX_BODY_BYTES, readBodyBytes } from "@/server/http/json-api";

type Handler = (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const GET: Handler = (request, context) => NextAuth(authOptions())(request, context);

/** next-auth reads a form's body whole: it gets one of bounded size that arrived in time. */
const POST: Handler = async (request, context) => {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.field);
    throw error;
  }
  const bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body, signal: request.signal });
  return NextAuth(authOptions())(bounded, context);
};

export { GET, POST };
