import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';
import { Column, CreatedAt, DataType, Model, Table, UpdatedAt } from 'sequelize-typescript';

/** Post, stored in table posts. */
@Table({
  tableName: 'posts',
  underscored: true,
  timestamps: true,
  indexes: [{ name: 'idx_posts_title', fields: ['title'], unique: false }],
})
export class Post extends Model<InferAttributes<Post>, InferCreationAttributes<Post>> {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.STRING(200), allowNull: false })
  declare title: string;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare content: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  declare published: CreationOptional<boolean>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;
}
