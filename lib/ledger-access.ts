import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * `actions` on the ledger items whose partition keys match one of `leadingKeys` (StringLike
 * patterns) and on no other item: each function of the product keeps to its own items.
 */
export function ledgerItemsStatement(
  sid: string,
  actions: string[],
  table: dynamodb.ITable,
  leadingKeys: string[],
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
  });
}

/** Read and write access to the ledger items of one automation only: their keys start with its prefix. */
export function grantAutomationLedgerItems(role: iam.Role, table: dynamodb.ITable, keyPrefix: string): void {
  role.addToPolicy(
    ledgerItemsStatement('LedgerItemsOfThisAutomation', ['dynamodb:GetItem', 'dynamodb:PutItem'], table, [
      `${keyPrefix}*`,
    ]),
  );
  // A table encrypted with a customer key also needs the key.
  table.encryptionKey?.grantEncryptDecrypt(role);
}
