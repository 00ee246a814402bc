// What the rest of rollcall knows of a lease without PostgreSQL's driver (lease.ts holds the
// lease itself): who holds it, where to reach them, and the error of fenced work refused. The
// simulator's database and the public types reach these without needing pg's types.

export interface LeaseEndpoints {
  grpc: string;
  http: string;
}

/** Who holds a lease, as the database sees it now. */
export interface LeaseHolder extends LeaseEndpoints {
  holder: string;
  epoch: number;
  live: boolean;
}

/** The lease is not ours (any more): the fenced work was not done. */
export class FencedOut extends Error {
  constructor(name: string, holder: string, epoch: number | null, how: 'lapsed here' | 'refused by the database') {
    super(`lease ${name} epoch ${epoch ?? '-'} of ${holder} ${how}`);
    this.name = 'FencedOut';
  }
}
