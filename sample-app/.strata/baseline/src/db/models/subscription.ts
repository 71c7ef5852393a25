import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import {
  BelongsTo,
  Column,
  CreatedAt,
  DataType,
  DeletedAt,
  ForeignKey,
  Model,
  Table,
  UpdatedAt,
} from 'sequelize-typescript';
import { key } from '../keys.ts';
import { User } from './user.ts';

/** Subscription, stored in table subscriptions. */
@Table({
  tableName: 'subscriptions',
  underscored: true,
  timestamps: true,
  paranoid: true,
  indexes: [
    { name: 'idx_subscriptions_auto_renew', fields: ['auto_renew'], unique: false },
    { name: 'uq_subscriptions_external_id', fields: ['external_id'], unique: true, where: { deleted_at: null } },
    { name: 'idx_subscriptions_coupon_code', fields: ['coupon_code'], unique: false },
    { name: 'idx_subscriptions_owner_id', fields: ['owner_id'], unique: false },
    { name: 'idx_subscriptions_owner_id_plan', fields: ['owner_id', 'plan'], unique: false },
  ],
})
export class Subscription extends Model<InferAttributes<Subscription>, InferCreationAttributes<Subscription>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.ENUM('free', 'pro', 'team'), allowNull: false, defaultValue: 'free' })
  declare plan: CreationOptional<'free' | 'pro' | 'team'>;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 1 })
  declare seats: CreationOptional<number>;

  @Column({ type: DataType.BIGINT, allowNull: false, defaultValue: '0' })
  declare usageBytes: CreationOptional<string>;

  @Column({ type: DataType.DOUBLE, allowNull: true })
  declare discountRate: CreationOptional<number | null>;

  @Column({ type: DataType.DECIMAL(10, 2), allowNull: false })
  declare price: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare autoRenew: CreationOptional<boolean>;

  @Column({ type: DataType.DATEONLY, allowNull: false })
  declare startsOn: string;

  @Column({ type: DataType.DATE, allowNull: true })
  declare renewedAt: CreationOptional<Date | null>;

  @Column({ type: DataType.UUID, allowNull: false, defaultValue: DataType.UUIDV4 })
  declare externalId: CreationOptional<string>;

  @Column({ type: DataType.JSONB, allowNull: true })
  declare metadata: CreationOptional<unknown | null>;

  @Column({ type: DataType.TEXT, allowNull: true })
  declare notes: CreationOptional<string | null>;

  @Column({ type: DataType.STRING(40), allowNull: true })
  declare couponCode: CreationOptional<string | null>;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare internalNote: string;

  @Column({ type: DataType.INTEGER, allowNull: false, defaultValue: 1000 })
  declare tokenLimit: CreationOptional<number>;

  @ForeignKey(() => User)
  @Column({ type: DataType.BIGINT, allowNull: false, get: key('ownerId') })
  declare ownerId: number;

  @BelongsTo(() => User, { foreignKey: 'ownerId', onDelete: 'CASCADE' })
  declare owner?: NonAttribute<User>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;

  @DeletedAt
  @Column({ type: DataType.DATE, allowNull: true })
  declare deletedAt: CreationOptional<Date | null>;
}
