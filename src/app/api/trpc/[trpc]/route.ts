import { createContext } from "@/server/trpc/context";
import { handleTrpcRequest } from "@/server/trpc/fetch-handler";

function handler(req: Request) {
  return handleTrpcRequest(req, createContext);
}

export { handler as GET, handler as POST };
