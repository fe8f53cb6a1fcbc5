/**
 * The open streams of this process, indexed by who they are for, so that an event reaches its
 * few streams without a scan: visitors by (asset, visitor), staff by tenant. Also the limits on
 * open streams per visitor, per signed-in user and per IP address.
 */
import type { LiveEvent } from "./events";
import type { LiveStream } from "./live-stream";

export interface StreamLimits {
  perVisitor: number;
  perUser: number;
  perIp: number;
}

export class TooManyStreams extends Error {
  constructor(
    readonly scope: "visitor" | "user" | "ip",
    readonly limit: number,
  ) {
    super(
      scope === "ip"
        ? `At most ${limit} live streams may be open from one IP address: close some (other tabs or chats) and try again`
        : `At most ${limit} live streams may be open per ${scope === "visitor" ? "visitor" : "signed-in user"}: close another tab and try again`,
    );
  }
}

/** The process is shutting down: no new stream (the browser tries again, elsewhere or later). */
export class StreamsClosing extends Error {
  constructor() {
    super("The server is restarting: connect again in a moment");
  }
}

export interface VisitorIdentity {
  channelAssetId: string;
  visitorId: string;
  ip: string | null;
}

export interface StaffIdentity {
  tenantId: string;
  userId: string;
  ip: string | null;
}

const visitorKey = (assetId: string, visitorId: string) => `${assetId}\n${visitorId}`;

function addTo<K>(map: Map<K, Set<LiveStream>>, key: K, stream: LiveStream) {
  const set = map.get(key) ?? new Set<LiveStream>();
  set.add(stream);
  map.set(key, set);
  stream.onClose(() => {
    set.delete(stream);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  });
}

function count(map: Map<string, number>, key: string, stream: LiveStream) {
  map.set(key, (map.get(key) ?? 0) + 1);
  stream.onClose(() => {
    const left = (map.get(key) ?? 1) - 1;
    if (left > 0) map.set(key, left);
    else map.delete(key);
  });
}

export class LiveRegistry {
  private readonly byVisitor = new Map<string, Set<LiveStream>>();
  private readonly byAsset = new Map<string, Set<LiveStream>>();
  private readonly byTenant = new Map<string, Set<LiveStream>>();
  private readonly perUser = new Map<string, number>();
  private readonly perIp = new Map<string, number>();
  private readonly streams = new Set<LiveStream>();
  private closing = false;

  constructor(
    private readonly limits: StreamLimits,
    /** Told when the first stream opens and when the last one closes (the heartbeat runs in between). */
    private readonly onOccupancy: (open: boolean) => void = () => {},
  ) {}

  get size(): number {
    return this.streams.size;
  }

  /** Ends every open stream and admits no more (shutdown). */
  closeAll(): void {
    this.closing = true;
    this.forEach((stream) => stream.close());
  }

  /** Throws TooManyStreams when the visitor or their IP address has reached its limit. */
  admitVisitor(stream: LiveStream, who: VisitorIdentity): void {
    if (this.closing) throw new StreamsClosing();
    const key = visitorKey(who.channelAssetId, who.visitorId);
    if ((this.byVisitor.get(key)?.size ?? 0) >= this.limits.perVisitor) throw new TooManyStreams("visitor", this.limits.perVisitor);
    this.checkIp(who.ip);
    addTo(this.byVisitor, key, stream);
    addTo(this.byAsset, who.channelAssetId, stream);
    this.track(stream, who.ip);
  }

  /** Throws TooManyStreams when the user or their IP address has reached its limit. */
  admitStaff(stream: LiveStream, who: StaffIdentity): void {
    if (this.closing) throw new StreamsClosing();
    if ((this.perUser.get(who.userId) ?? 0) >= this.limits.perUser) throw new TooManyStreams("user", this.limits.perUser);
    this.checkIp(who.ip);
    addTo(this.byTenant, who.tenantId, stream);
    count(this.perUser, who.userId, stream);
    this.track(stream, who.ip);
  }

  /** Hands an event to the streams it may concern. */
  dispatch(event: LiveEvent): void {
    const targets: Array<Set<LiveStream> | undefined> = [this.byTenant.get(event.tenantId)];
    if (event.type === "message" || event.type === "typing") targets.push(this.byVisitor.get(visitorKey(event.channelAssetId, event.channelUserId)));
    if (event.type === "channel-deleted" || event.type === "visitors-signed-out") targets.push(this.byAsset.get(event.channelAssetId));
    for (const set of targets) {
      // A copy: a stream may close (and leave the set) while it handles the event.
      if (set) for (const stream of [...set]) stream.receive(event);
    }
  }

  forEach(visit: (stream: LiveStream) => void): void {
    for (const stream of [...this.streams]) visit(stream);
  }

  private checkIp(ip: string | null) {
    if (ip && (this.perIp.get(ip) ?? 0) >= this.limits.perIp) throw new TooManyStreams("ip", this.limits.perIp);
  }

  private track(stream: LiveStream, ip: string | null) {
    if (ip) count(this.perIp, ip, stream);
    this.streams.add(stream);
    if (this.streams.size === 1) this.onOccupancy(true);
    stream.onClose(() => {
      this.streams.delete(stream);
      if (this.streams.size === 0) this.onOccupancy(false);
    });
  }
}
