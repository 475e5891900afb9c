import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { platformNow } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { Objection } from './entities/objection.entity';

/** What an objection is raised against: a deal in publicity, or a listing in its announcement. */
export type ObjectionSubject = { dealId: string } | { listingId: string };

function describe(subject: ObjectionSubject | Objection): {
  kind: 'deal' | 'listing';
  details: Record<string, string>;
} {
  if ('dealId' in subject && subject.dealId) return { kind: 'deal', details: { dealId: subject.dealId } };
  return { kind: 'listing', details: { listingId: (subject as { listingId: string }).listingId } };
}

/**
 * Records an objection (异议) by `caller` against `subject`, whose row the caller's transaction has locked (so the
 * one-open-objection-per-user check is exact; a unique index holds it too), and audits it.
 */
export async function raiseObjection(
  em: EntityManager,
  audit: AuditService,
  caller: AuthUser,
  subject: ObjectionSubject,
  reason: string,
): Promise<Objection> {
  const repo = em.getRepository(Objection);
  if (await repo.existsBy({ ...subject, raisedBy: caller.id, status: 'OPEN' })) {
    throw new DomainError('OBJECTION_EXISTS');
  }
  const objection = await repo.save(repo.create({ ...subject, raisedBy: caller.id, reason, status: 'OPEN' }));
  const { kind, details } = describe(subject);
  await audit.record(em, {
    actorId: caller.id,
    action: `${kind}.objection.raised`,
    entityType: `${kind}_objection`,
    entityId: objection.id,
    toStatus: 'OPEN',
    details: { ...details, reason },
  });
  return objection;
}

/** Records a clerk's resolution of an OPEN objection (locked by the caller) and audits it; the effects are the caller's. */
export async function recordResolution(
  em: EntityManager,
  audit: AuditService,
  caller: AuthUser,
  objection: Objection,
  upheld: boolean,
  comment: string,
): Promise<Objection> {
  const status = upheld ? 'UPHELD' : 'REJECTED';
  await em
    .getRepository(Objection)
    .update(
      { id: objection.id, status: 'OPEN' },
      { status, resolvedBy: caller.id, resolutionComment: comment, resolvedAt: await platformNow(em) },
    );
  const { kind, details } = describe(objection);
  await audit.record(em, {
    actorId: caller.id,
    action: `${kind}.objection.resolved`,
    entityType: `${kind}_objection`,
    entityId: objection.id,
    fromStatus: 'OPEN',
    toStatus: status,
    details: { ...details, comment },
  });
  return em.getRepository(Objection).findOneByOrFail({ id: objection.id });
}
