import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createOwner } from "@/test/factories";
import { activeSessionUser, createSession, revokeAllSessions, revokeOtherSessions, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";

describe("session records", () => {
  it("sign in only while live, for their own user", async () => {
    const { userId, email } = await createOwner();
    const other = await createOwner();
    const sid = await createSession(db(), userId);
    expect(await activeSessionUser(db(), sid, userId)).toEqual({ id: userId, name: "Owner", email });
    // A JWT whose subject was swapped still names this session: it signs nobody in.
    expect(await activeSessionUser(db(), sid, other.userId)).toBeNull();
    expect(await activeSessionUser(db(), "no-such-session", userId)).toBeNull();

    const old = await createSession(db(), userId, new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000 - 1_000));
    expect(await activeSessionUser(db(), old, userId)).toBeNull();

    await revokeSession(db(), sid);
    expect(await activeSessionUser(db(), sid, userId)).toBeNull();
  });

  it("are revoked all at once, or all but the current one, for one user only", async () => {
    const { userId } = await createOwner();
    const someoneElse = await createOwner();
    const [a, b, c] = [await createSession(db(), userId), await createSession(db(), userId), await createSession(db(), userId)];
    const theirs = await createSession(db(), someoneElse.userId);

    expect(await revokeOtherSessions(db(), userId, a)).toBe(2);
    expect([await activeSessionUser(db(), a, userId), await activeSessionUser(db(), b, userId), await activeSessionUser(db(), c, userId)].map(Boolean)).toEqual([true, false, false]);
    expect(await revokeAllSessions(db(), userId)).toBe(1);
    expect(await activeSessionUser(db(), a, userId)).toBeNull();
    expect(await activeSessionUser(db(), theirs, someoneElse.userId)).not.toBeNull();
  });

  it("that ended are cleared away at the user's next sign-in", async () => {
    const { userId } = await createOwner();
    const ended = await createSession(db(), userId);
    await revokeSession(db(), ended);
    const fresh = await createSession(db(), userId);
    expect((await db().userSession.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id)).toEqual([fresh]);
  });
});
