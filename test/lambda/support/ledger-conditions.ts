import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The condition expressions `DynamoAlertLedger` writes, evaluated as DynamoDB would, for the
 * test fakes that stand in for its table. Any other expression throws, so that a change to the
 * ledger's conditions fails the tests instead of passing through a fake that guessed.
 */
type Item = Record<string, AttributeValue>;

export function stringOf(value: AttributeValue | undefined): string | undefined {
  return value && 'S' in value ? value.S : undefined;
}

export function numberOf(value: AttributeValue | undefined): number | undefined {
  return value && 'N' in value && value.N !== undefined ? Number(value.N) : undefined;
}

export function ledgerConditionHolds(
  expression: unknown,
  existing: Item | undefined,
  values: Item,
  names: Record<string, string> | undefined,
): boolean {
  switch (expression) {
    case 'attribute_not_exists(pk)':
      return existing === undefined;
    case '#revision = :expected':
      if (names?.['#revision'] !== 'revision') throw new Error('bad #revision');
      return existing !== undefined && numberOf(existing.revision) === numberOf(values[':expected']);
    case 'attribute_not_exists(pk) OR leaseUntil <= :now': {
      const until = numberOf(existing?.leaseUntil);
      const now = numberOf(values[':now']);
      return existing === undefined || (until !== undefined && now !== undefined && until <= now);
    }
    case 'holder = :holder':
      return existing !== undefined && stringOf(existing.holder) === stringOf(values[':holder']);
    default:
      throw new Error(`the fake ledger table does not understand ${String(expression)}`);
  }
}
