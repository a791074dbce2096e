export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  adly: {
    Tables: {
      ad_accounts: {
        Row: {
          account_id: string;
          account_name: string | null;
          created_at: string;
          credentials_updated_at: string | null;
          id: string;
          is_active: boolean;
          platform: string;
          token_expires_at: string | null;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          account_id: string;
          account_name?: string | null;
          created_at?: string;
          credentials_updated_at?: string | null;
          id?: string;
          is_active?: boolean;
          platform: string;
          token_expires_at?: string | null;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          account_id?: string;
          account_name?: string | null;
          created_at?: string;
          credentials_updated_at?: string | null;
          id?: string;
          is_active?: boolean;
          platform?: string;
          token_expires_at?: string | null;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'ad_accounts_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      ad_sets: {
        Row: {
          bid_strategy: string | null;
          budget_amount: number | null;
          campaign_id: string;
          created_at: string;
          external_id: string | null;
          id: string;
          name: string;
          status: string;
          targeting: Json | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          bid_strategy?: string | null;
          budget_amount?: number | null;
          campaign_id: string;
          created_at?: string;
          external_id?: string | null;
          id?: string;
          name: string;
          status?: string;
          targeting?: Json | null;
          updated_at?: string;
        };
        Update: {
          bid_strategy?: string | null;
          budget_amount?: number | null;
          campaign_id?: string;
          created_at?: string;
          external_id?: string | null;
          id?: string;
          name?: string;
          status?: string;
          targeting?: Json | null;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'ad_sets_campaign_id_fkey';
            columns: ['campaign_id'];
            isOneToOne: false;
            referencedRelation: 'campaigns';
            referencedColumns: ['id'];
          },
        ];
      };
      ads: {
        Row: {
          ad_set_id: string;
          created_at: string;
          creative_data: Json | null;
          external_id: string | null;
          id: string;
          media_assets: Json | null;
          name: string;
          status: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          ad_set_id: string;
          created_at?: string;
          creative_data?: Json | null;
          external_id?: string | null;
          id?: string;
          media_assets?: Json | null;
          name: string;
          status?: string;
          updated_at?: string;
        };
        Update: {
          ad_set_id?: string;
          created_at?: string;
          creative_data?: Json | null;
          external_id?: string | null;
          id?: string;
          media_assets?: Json | null;
          name?: string;
          status?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'ads_ad_set_id_fkey';
            columns: ['ad_set_id'];
            isOneToOne: false;
            referencedRelation: 'ad_sets';
            referencedColumns: ['id'];
          },
        ];
      };
      attribution_events: {
        Row: {
          campaign_id: string | null;
          created_at: string;
          event_time: string;
          event_type: string;
          id: string;
          ip_address: unknown;
          order_id: string | null;
          platform: string | null;
          referrer: string | null;
          user_agent: string | null;
          utm_campaign: string | null;
          utm_content: string | null;
          utm_medium: string | null;
          utm_source: string | null;
          utm_term: string | null;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          campaign_id?: string | null;
          created_at?: string;
          event_time: string;
          event_type: string;
          id?: string;
          ip_address?: unknown;
          order_id?: string | null;
          platform?: string | null;
          referrer?: string | null;
          user_agent?: string | null;
          utm_campaign?: string | null;
          utm_content?: string | null;
          utm_medium?: string | null;
          utm_source?: string | null;
          utm_term?: string | null;
          workspace_id: string;
        };
        Update: {
          campaign_id?: string | null;
          created_at?: string;
          event_time?: string;
          event_type?: string;
          id?: string;
          ip_address?: unknown;
          order_id?: string | null;
          platform?: string | null;
          referrer?: string | null;
          user_agent?: string | null;
          utm_campaign?: string | null;
          utm_content?: string | null;
          utm_medium?: string | null;
          utm_source?: string | null;
          utm_term?: string | null;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'attribution_events_campaign_fkey';
            columns: ['workspace_id', 'campaign_id'];
            isOneToOne: false;
            referencedRelation: 'campaigns';
            referencedColumns: ['workspace_id', 'id'];
          },
          {
            foreignKeyName: 'attribution_events_order_id_fkey';
            columns: ['order_id'];
            isOneToOne: false;
            referencedRelation: 'orders';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'attribution_events_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      audit_logs: {
        Row: {
          action: string;
          created_at: string;
          details: Json | null;
          id: string;
          ip_address: unknown;
          resource_id: string | null;
          resource_type: string;
          user_agent: string | null;
          user_id: string | null;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          action: string;
          created_at?: string;
          details?: Json | null;
          id?: string;
          ip_address?: unknown;
          resource_id?: string | null;
          resource_type: string;
          user_agent?: string | null;
          user_id?: string | null;
          workspace_id: string;
        };
        Update: {
          action?: string;
          created_at?: string;
          details?: Json | null;
          id?: string;
          ip_address?: unknown;
          resource_id?: string | null;
          resource_type?: string;
          user_agent?: string | null;
          user_id?: string | null;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'audit_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'audit_logs_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      campaign_metrics: {
        Row: {
          campaign_id: string;
          clicks: number;
          conversions: number;
          cpc: number | null;
          created_at: string;
          ctr: number | null;
          date: string;
          id: string;
          impressions: number;
          revenue: number;
          roas: number | null;
          spend: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          campaign_id: string;
          clicks?: number;
          conversions?: number;
          cpc?: never;
          created_at?: string;
          ctr?: never;
          date: string;
          id?: string;
          impressions?: number;
          revenue?: number;
          roas?: never;
          spend?: number;
          updated_at?: string;
        };
        Update: {
          campaign_id?: string;
          clicks?: number;
          conversions?: number;
          cpc?: never;
          created_at?: string;
          ctr?: never;
          date?: string;
          id?: string;
          impressions?: number;
          revenue?: number;
          roas?: never;
          spend?: number;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'campaign_metrics_campaign_id_fkey';
            columns: ['campaign_id'];
            isOneToOne: false;
            referencedRelation: 'campaigns';
            referencedColumns: ['id'];
          },
        ];
      };
      campaigns: {
        Row: {
          ad_account_id: string | null;
          budget_amount: number | null;
          budget_type: string | null;
          created_at: string;
          currency: string;
          end_date: string | null;
          external_id: string | null;
          id: string;
          name: string;
          objective: string;
          start_date: string | null;
          status: string;
          target_audience: Json | null;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          ad_account_id?: string | null;
          budget_amount?: number | null;
          budget_type?: string | null;
          created_at?: string;
          currency?: string;
          end_date?: string | null;
          external_id?: string | null;
          id?: string;
          name: string;
          objective: string;
          start_date?: string | null;
          status?: string;
          target_audience?: Json | null;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          ad_account_id?: string | null;
          budget_amount?: number | null;
          budget_type?: string | null;
          created_at?: string;
          currency?: string;
          end_date?: string | null;
          external_id?: string | null;
          id?: string;
          name?: string;
          objective?: string;
          start_date?: string | null;
          status?: string;
          target_audience?: Json | null;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'campaigns_ad_account_fkey';
            columns: ['workspace_id', 'ad_account_id'];
            isOneToOne: false;
            referencedRelation: 'ad_accounts';
            referencedColumns: ['workspace_id', 'id'];
          },
          {
            foreignKeyName: 'campaigns_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      content_assets: {
        Row: {
          created_at: string;
          file_size: number | null;
          file_url: string | null;
          generated_by: string | null;
          generation_prompt: string | null;
          id: string;
          language: string;
          metadata: Json | null;
          mime_type: string | null;
          name: string;
          type: string;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          file_size?: number | null;
          file_url?: string | null;
          generated_by?: string | null;
          generation_prompt?: string | null;
          id?: string;
          language?: string;
          metadata?: Json | null;
          mime_type?: string | null;
          name: string;
          type: string;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          created_at?: string;
          file_size?: number | null;
          file_url?: string | null;
          generated_by?: string | null;
          generation_prompt?: string | null;
          id?: string;
          language?: string;
          metadata?: Json | null;
          mime_type?: string | null;
          name?: string;
          type?: string;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'content_assets_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      content_templates: {
        Row: {
          created_at: string;
          id: string;
          is_public: boolean;
          name: string;
          template_data: NonNullable<Json>;
          type: string;
          updated_at: string;
          workspace_id: string | null;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          is_public?: boolean;
          name: string;
          template_data: NonNullable<Json>;
          type: string;
          updated_at?: string;
          workspace_id?: string | null;
        };
        Update: {
          created_at?: string;
          id?: string;
          is_public?: boolean;
          name?: string;
          template_data?: NonNullable<Json>;
          type?: string;
          updated_at?: string;
          workspace_id?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: 'content_templates_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      generation_jobs: {
        Row: {
          completed_at: string | null;
          created_at: string;
          error_message: string | null;
          id: string;
          parameters: Json | null;
          prompt: string;
          provider: string;
          result_asset_id: string | null;
          status: Database['adly']['Enums']['generation_job_status'];
          type: string;
          updated_at: string;
          user_id: string | null;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          completed_at?: string | null;
          created_at?: string;
          error_message?: string | null;
          id?: string;
          parameters?: Json | null;
          prompt: string;
          provider: string;
          result_asset_id?: string | null;
          status?: Database['adly']['Enums']['generation_job_status'];
          type: string;
          updated_at?: string;
          user_id?: string | null;
          workspace_id: string;
        };
        Update: {
          completed_at?: string | null;
          created_at?: string;
          error_message?: string | null;
          id?: string;
          parameters?: Json | null;
          prompt?: string;
          provider?: string;
          result_asset_id?: string | null;
          status?: Database['adly']['Enums']['generation_job_status'];
          type?: string;
          updated_at?: string;
          user_id?: string | null;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'generation_jobs_result_asset_fkey';
            columns: ['workspace_id', 'result_asset_id'];
            isOneToOne: false;
            referencedRelation: 'content_assets';
            referencedColumns: ['workspace_id', 'id'];
          },
          {
            foreignKeyName: 'generation_jobs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'generation_jobs_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      invoices: {
        Row: {
          amount: number;
          created_at: string;
          currency: string;
          id: string;
          invoice_pdf: string | null;
          paid_at: string | null;
          status: string;
          stripe_event_created_at: string;
          stripe_invoice_id: string;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          amount: number;
          created_at?: string;
          currency?: string;
          id?: string;
          invoice_pdf?: string | null;
          paid_at?: string | null;
          status: string;
          stripe_event_created_at: string;
          stripe_invoice_id: string;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          amount?: number;
          created_at?: string;
          currency?: string;
          id?: string;
          invoice_pdf?: string | null;
          paid_at?: string | null;
          status?: string;
          stripe_event_created_at?: string;
          stripe_invoice_id?: string;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'invoices_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      order_items: {
        Row: {
          created_at: string;
          external_product_id: string | null;
          id: string;
          order_id: string;
          price: number;
          product_id: string | null;
          quantity: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          external_product_id?: string | null;
          id?: string;
          order_id: string;
          price: number;
          product_id?: string | null;
          quantity: number;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          external_product_id?: string | null;
          id?: string;
          order_id?: string;
          price?: number;
          product_id?: string | null;
          quantity?: number;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'order_items_order_id_fkey';
            columns: ['order_id'];
            isOneToOne: false;
            referencedRelation: 'orders';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'order_items_product_id_fkey';
            columns: ['product_id'];
            isOneToOne: false;
            referencedRelation: 'products';
            referencedColumns: ['id'];
          },
        ];
      };
      orders: {
        Row: {
          attribution_data: Json | null;
          created_at: string;
          currency: string;
          customer_email: string | null;
          external_id: string;
          external_updated_at: string | null;
          id: string;
          order_date: string;
          platform_status: string | null;
          status: string;
          store_connection_id: string;
          total_amount: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          attribution_data?: Json | null;
          created_at?: string;
          currency?: string;
          customer_email?: string | null;
          external_id: string;
          external_updated_at?: string | null;
          id?: string;
          order_date: string;
          platform_status?: string | null;
          status: string;
          store_connection_id: string;
          total_amount: number;
          updated_at?: string;
        };
        Update: {
          attribution_data?: Json | null;
          created_at?: string;
          currency?: string;
          customer_email?: string | null;
          external_id?: string;
          external_updated_at?: string | null;
          id?: string;
          order_date?: string;
          platform_status?: string | null;
          status?: string;
          store_connection_id?: string;
          total_amount?: number;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'orders_store_connection_id_fkey';
            columns: ['store_connection_id'];
            isOneToOne: false;
            referencedRelation: 'store_connections';
            referencedColumns: ['id'];
          },
        ];
      };
      products: {
        Row: {
          category: string | null;
          created_at: string;
          currency: string;
          description: string | null;
          external_id: string;
          external_updated_at: string | null;
          id: string;
          image_url: string | null;
          is_active: boolean;
          price: number | null;
          store_connection_id: string;
          tags: string[];
          title: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          category?: string | null;
          created_at?: string;
          currency?: string;
          description?: string | null;
          external_id: string;
          external_updated_at?: string | null;
          id?: string;
          image_url?: string | null;
          is_active?: boolean;
          price?: number | null;
          store_connection_id: string;
          tags?: string[];
          title: string;
          updated_at?: string;
        };
        Update: {
          category?: string | null;
          created_at?: string;
          currency?: string;
          description?: string | null;
          external_id?: string;
          external_updated_at?: string | null;
          id?: string;
          image_url?: string | null;
          is_active?: boolean;
          price?: number | null;
          store_connection_id?: string;
          tags?: string[];
          title?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'products_store_connection_id_fkey';
            columns: ['store_connection_id'];
            isOneToOne: false;
            referencedRelation: 'store_connections';
            referencedColumns: ['id'];
          },
        ];
      };
      store_connections: {
        Row: {
          created_at: string;
          credentials_updated_at: string | null;
          id: string;
          is_active: boolean;
          last_sync_at: string | null;
          platform: string;
          store_name: string;
          store_url: string | null;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          credentials_updated_at?: string | null;
          id?: string;
          is_active?: boolean;
          last_sync_at?: string | null;
          platform: string;
          store_name: string;
          store_url?: string | null;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          created_at?: string;
          credentials_updated_at?: string | null;
          id?: string;
          is_active?: boolean;
          last_sync_at?: string | null;
          platform?: string;
          store_name?: string;
          store_url?: string | null;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'store_connections_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      subscription_plans: {
        Row: {
          created_at: string;
          currency: string;
          features: NonNullable<Json>;
          id: string;
          interval: string;
          is_active: boolean;
          name: string;
          price: number;
          stripe_price_id: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          currency?: string;
          features: NonNullable<Json>;
          id?: string;
          interval: string;
          is_active?: boolean;
          name: string;
          price: number;
          stripe_price_id: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          currency?: string;
          features?: NonNullable<Json>;
          id?: string;
          interval?: string;
          is_active?: boolean;
          name?: string;
          price?: number;
          stripe_price_id?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      users: {
        Row: {
          created_at: string;
          email: string;
          first_name: string | null;
          id: string;
          is_active: boolean;
          last_name: string | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          email: string;
          first_name?: string | null;
          id: string;
          is_active?: boolean;
          last_name?: string | null;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          email?: string;
          first_name?: string | null;
          id?: string;
          is_active?: boolean;
          last_name?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      workspace_invitations: {
        Row: {
          accepted_at: string | null;
          created_at: string;
          declined_at: string | null;
          email: string;
          expires_at: string;
          id: string;
          invited_by: string | null;
          role: Database['adly']['Enums']['workspace_role'];
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          accepted_at?: string | null;
          created_at?: string;
          declined_at?: string | null;
          email: string;
          expires_at?: string;
          id?: string;
          invited_by?: string | null;
          role?: Database['adly']['Enums']['workspace_role'];
          workspace_id: string;
        };
        Update: {
          accepted_at?: string | null;
          created_at?: string;
          declined_at?: string | null;
          email?: string;
          expires_at?: string;
          id?: string;
          invited_by?: string | null;
          role?: Database['adly']['Enums']['workspace_role'];
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workspace_invitations_invited_by_fkey';
            columns: ['invited_by'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workspace_invitations_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      workspace_members: {
        Row: {
          created_at: string;
          id: string;
          invited_by: string | null;
          joined_at: string;
          role: Database['adly']['Enums']['workspace_role'];
          updated_at: string;
          user_id: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          invited_by?: string | null;
          joined_at?: string;
          role?: Database['adly']['Enums']['workspace_role'];
          updated_at?: string;
          user_id: string;
          workspace_id: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          invited_by?: string | null;
          joined_at?: string;
          role?: Database['adly']['Enums']['workspace_role'];
          updated_at?: string;
          user_id?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workspace_members_invited_by_fkey';
            columns: ['invited_by'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workspace_members_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workspace_members_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      workspace_subscriptions: {
        Row: {
          canceled_at: string | null;
          created_at: string;
          current_period_end: string | null;
          current_period_start: string | null;
          id: string;
          plan_id: string | null;
          status: string;
          stripe_event_created_at: string;
          stripe_subscription_id: string;
          trial_end: string | null;
          updated_at: string;
          workspace_id: string;
        };
        ComputedFields: never;
        Insert: {
          canceled_at?: string | null;
          created_at?: string;
          current_period_end?: string | null;
          current_period_start?: string | null;
          id?: string;
          plan_id?: string | null;
          status: string;
          stripe_event_created_at: string;
          stripe_subscription_id: string;
          trial_end?: string | null;
          updated_at?: string;
          workspace_id: string;
        };
        Update: {
          canceled_at?: string | null;
          created_at?: string;
          current_period_end?: string | null;
          current_period_start?: string | null;
          id?: string;
          plan_id?: string | null;
          status?: string;
          stripe_event_created_at?: string;
          stripe_subscription_id?: string;
          trial_end?: string | null;
          updated_at?: string;
          workspace_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workspace_subscriptions_plan_id_fkey';
            columns: ['plan_id'];
            isOneToOne: false;
            referencedRelation: 'subscription_plans';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workspace_subscriptions_workspace_id_fkey';
            columns: ['workspace_id'];
            isOneToOne: false;
            referencedRelation: 'workspaces';
            referencedColumns: ['id'];
          },
        ];
      };
      workspaces: {
        Row: {
          created_at: string;
          created_by: string | null;
          id: string;
          name: string;
          slug: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          created_by?: string | null;
          id?: string;
          name: string;
          slug: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          created_by?: string | null;
          id?: string;
          name?: string;
          slug?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workspaces_created_by_fkey';
            columns: ['created_by'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      apply_invoice: {
        Args: {
          p_amount: number;
          p_currency: string;
          p_event_created: string;
          p_invoice_pdf: string;
          p_paid_at: string;
          p_status: string;
          p_stripe_invoice_id: string;
          p_workspace_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_stripe_subscription: {
        Args: {
          p_current_period_end: string;
          p_current_period_start: string;
          p_event_created: string;
          p_status: string;
          p_stripe_price_id: string;
          p_stripe_subscription_id: string;
          p_trial_end: string;
          p_workspace_id: string;
        };
        Returns: boolean;
      };
      apply_stripe_subscription_deleted: {
        Args: { p_event_created: string; p_stripe_subscription_id: string; p_workspace_id: string };
        Returns: boolean;
      };
      apply_subscription_event: {
        Args: {
          p_current_period_end: string;
          p_current_period_start: string;
          p_deleted: boolean;
          p_event_created: string;
          p_status: string;
          p_stripe_price_id: string;
          p_stripe_subscription_id: string;
          p_trial_end: string;
          p_workspace_id: string;
        };
        Returns: Record<string, unknown>;
      };
      create_ad_account: {
        Args: {
          p_access_token: string;
          p_account_id: string;
          p_account_name: string;
          p_platform: string;
          p_refresh_token?: string;
          p_token_expires_at?: string;
          p_workspace_id: string;
        };
        Returns: {
          account_id: string;
          account_name: string | null;
          created_at: string;
          credentials_updated_at: string | null;
          id: string;
          is_active: boolean;
          platform: string;
          token_expires_at: string | null;
          updated_at: string;
          workspace_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'ad_accounts';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      create_store_connection: {
        Args: {
          p_access_token: string;
          p_platform: string;
          p_refresh_token?: string;
          p_store_name: string;
          p_store_url: string;
          p_webhook_secret?: string;
          p_workspace_id: string;
        };
        Returns: {
          created_at: string;
          credentials_updated_at: string | null;
          id: string;
          is_active: boolean;
          last_sync_at: string | null;
          platform: string;
          store_name: string;
          store_url: string | null;
          updated_at: string;
          workspace_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'store_connections';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      create_workspace: {
        Args: { p_name: string; p_slug: string };
        Returns: {
          created_at: string;
          created_by: string | null;
          id: string;
          name: string;
          slug: string;
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'workspaces';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      delete_store_order: {
        Args: { p_deleted_at: string; p_external_id: string; p_store_connection_id: string };
        Returns: string;
      };
      delete_store_product: {
        Args: { p_deleted_at: string; p_external_id: string; p_store_connection_id: string };
        Returns: string;
      };
      enroll_current_user: {
        Args: Record<PropertyKey, never>;
        Returns: {
          created_at: string;
          email: string;
          first_name: string | null;
          id: string;
          is_active: boolean;
          last_name: string | null;
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      get_ad_account_tokens: {
        Args: { p_ad_account_id: string };
        Returns: {
          access_token: string;
          refresh_token: string;
          token_expires_at: string;
        }[];
      };
      get_store_connection_secrets: {
        Args: { p_store_connection_id: string };
        Returns: {
          access_token: string;
          refresh_token: string;
          webhook_secret: string;
        }[];
      };
      my_workspace_invitations: {
        Args: Record<PropertyKey, never>;
        Returns: {
          expires_at: string;
          id: string;
          invited_by_name: string;
          role: Database['adly']['Enums']['workspace_role'];
          workspace_id: string;
          workspace_name: string;
        }[];
      };
      price_checkout_item: {
        Args: { p_plan_id: string; p_user_id: string; p_workspace_id: string };
        Returns: Record<string, unknown>;
      };
      record_store_order_conversion: {
        Args: { p_ip_address?: unknown; p_order_id: string; p_user_agent?: string };
        Returns: string;
      };
      record_stripe_invoice: {
        Args: {
          p_amount: number;
          p_currency: string;
          p_event_created: string;
          p_invoice_pdf: string;
          p_paid_at: string;
          p_status: string;
          p_stripe_invoice_id: string;
          p_workspace_id: string;
        };
        Returns: boolean;
      };
      set_ad_account_tokens: {
        Args: {
          p_access_token: string;
          p_ad_account_id: string;
          p_refresh_token?: string;
          p_token_expires_at?: string;
        };
        Returns: undefined;
      };
      set_store_connection_secrets: {
        Args: {
          p_access_token: string;
          p_refresh_token?: string;
          p_store_connection_id: string;
          p_webhook_secret?: string;
        };
        Returns: undefined;
      };
      subscription_cancelled: { Args: { p_stripe_subscription_id: string }; Returns: boolean };
      subscription_workspace: { Args: { p_stripe_subscription_id: string }; Returns: string };
      touch_store_connection_sync: { Args: { p_store_connection_id: string }; Returns: string };
      upsert_store_order: {
        Args: {
          p_attribution_data: Json;
          p_currency: string;
          p_customer_email: string;
          p_external_id: string;
          p_external_updated_at: string;
          p_items: Json;
          p_order_date: string;
          p_platform_status: string;
          p_status: string;
          p_store_connection_id: string;
          p_total_amount: number;
        };
        Returns: Record<string, unknown>;
      };
      upsert_store_product: {
        Args: {
          p_category: string;
          p_currency: string;
          p_description: string;
          p_external_id: string;
          p_external_updated_at: string;
          p_image_url: string;
          p_is_active: boolean;
          p_price: number;
          p_store_connection_id: string;
          p_tags: string[];
          p_title: string;
        };
        Returns: string;
      };
    };
    Enums: {
      generation_job_status: 'pending' | 'processing' | 'completed' | 'failed';
      workspace_role: 'viewer' | 'member' | 'owner';
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
  courses: {
    Tables: {
      access_changes: {
        Row: {
          action: Database['courses']['Enums']['access_change_action'];
          actor_id: string | null;
          course_id: string | null;
          course_title: string | null;
          created_at: string;
          id: string;
          purchase_id: string | null;
          reason: string | null;
          source: Database['courses']['Enums']['access_change_source'];
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          action: Database['courses']['Enums']['access_change_action'];
          actor_id?: string | null;
          course_id?: string | null;
          course_title?: string | null;
          created_at?: string;
          id?: string;
          purchase_id?: string | null;
          reason?: string | null;
          source: Database['courses']['Enums']['access_change_source'];
          user_id: string;
        };
        Update: {
          action?: Database['courses']['Enums']['access_change_action'];
          actor_id?: string | null;
          course_id?: string | null;
          course_title?: string | null;
          created_at?: string;
          id?: string;
          purchase_id?: string | null;
          reason?: string | null;
          source?: Database['courses']['Enums']['access_change_source'];
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'access_changes_actor_id_fkey';
            columns: ['actor_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'access_changes_course_id_fkey';
            columns: ['course_id'];
            isOneToOne: false;
            referencedRelation: 'courses';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'access_changes_purchase_id_fkey';
            columns: ['purchase_id'];
            isOneToOne: false;
            referencedRelation: 'purchases';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'access_changes_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      course_products: {
        Row: {
          course_id: string;
          created_at: string;
          product_id: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          course_id: string;
          created_at?: string;
          product_id: string;
          updated_at?: string;
        };
        Update: {
          course_id?: string;
          created_at?: string;
          product_id?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'course_products_course_id_fkey';
            columns: ['course_id'];
            isOneToOne: false;
            referencedRelation: 'courses';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'course_products_product_id_fkey';
            columns: ['product_id'];
            isOneToOne: false;
            referencedRelation: 'products';
            referencedColumns: ['id'];
          },
        ];
      };
      course_sections: {
        Row: {
          course_id: string;
          created_at: string;
          id: string;
          name: string;
          position: number;
          status: Database['courses']['Enums']['course_section_status'];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          course_id: string;
          created_at?: string;
          id?: string;
          name: string;
          position: number;
          status?: Database['courses']['Enums']['course_section_status'];
          updated_at?: string;
        };
        Update: {
          course_id?: string;
          created_at?: string;
          id?: string;
          name?: string;
          position?: number;
          status?: Database['courses']['Enums']['course_section_status'];
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'course_sections_course_id_fkey';
            columns: ['course_id'];
            isOneToOne: false;
            referencedRelation: 'courses';
            referencedColumns: ['id'];
          },
        ];
      };
      courses: {
        Row: {
          created_at: string;
          description: string;
          id: string;
          title: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          description: string;
          id?: string;
          title: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          description?: string;
          id?: string;
          title?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      lessons: {
        Row: {
          created_at: string;
          description: string | null;
          id: string;
          name: string;
          position: number;
          section_id: string;
          status: Database['courses']['Enums']['lesson_status'];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          description?: string | null;
          id?: string;
          name: string;
          position: number;
          section_id: string;
          status?: Database['courses']['Enums']['lesson_status'];
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          description?: string | null;
          id?: string;
          name?: string;
          position?: number;
          section_id?: string;
          status?: Database['courses']['Enums']['lesson_status'];
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'lessons_section_id_fkey';
            columns: ['section_id'];
            isOneToOne: false;
            referencedRelation: 'course_sections';
            referencedColumns: ['id'];
          },
        ];
      };
      products: {
        Row: {
          created_at: string;
          description: string;
          id: string;
          image_url: string;
          name: string;
          price_dollars: number;
          status: Database['courses']['Enums']['product_status'];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          description: string;
          id?: string;
          image_url: string;
          name: string;
          price_dollars: number;
          status?: Database['courses']['Enums']['product_status'];
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          description?: string;
          id?: string;
          image_url?: string;
          name?: string;
          price_dollars?: number;
          status?: Database['courses']['Enums']['product_status'];
          updated_at?: string;
        };
        Relationships: [];
      };
      purchases: {
        Row: {
          created_at: string;
          granted_course_ids: string[];
          id: string;
          price_paid_in_cents: number;
          product_details: NonNullable<Json>;
          product_id: string;
          refunded_at: string | null;
          stripe_payment_intent_id: string | null;
          stripe_session_id: string;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          granted_course_ids?: string[];
          id?: string;
          price_paid_in_cents: number;
          product_details: NonNullable<Json>;
          product_id: string;
          refunded_at?: string | null;
          stripe_payment_intent_id?: string | null;
          stripe_session_id: string;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          granted_course_ids?: string[];
          id?: string;
          price_paid_in_cents?: number;
          product_details?: NonNullable<Json>;
          product_id?: string;
          refunded_at?: string | null;
          stripe_payment_intent_id?: string | null;
          stripe_session_id?: string;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'purchases_product_id_fkey';
            columns: ['product_id'];
            isOneToOne: false;
            referencedRelation: 'products';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'purchases_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      user_course_access: {
        Row: {
          course_id: string;
          created_at: string;
          granted_manually: boolean;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          course_id: string;
          created_at?: string;
          granted_manually?: boolean;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          course_id?: string;
          created_at?: string;
          granted_manually?: boolean;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'user_course_access_course_id_fkey';
            columns: ['course_id'];
            isOneToOne: false;
            referencedRelation: 'courses';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'user_course_access_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      user_lesson_complete: {
        Row: {
          created_at: string;
          lesson_id: string;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          lesson_id: string;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          lesson_id?: string;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'user_lesson_complete_lesson_id_fkey';
            columns: ['lesson_id'];
            isOneToOne: false;
            referencedRelation: 'lessons';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'user_lesson_complete_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      users: {
        Row: {
          created_at: string;
          deleted_at: string | null;
          email: string;
          id: string;
          image_url: string | null;
          name: string;
          role: Database['courses']['Enums']['user_role'];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          deleted_at?: string | null;
          email: string;
          id: string;
          image_url?: string | null;
          name: string;
          role?: Database['courses']['Enums']['user_role'];
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          deleted_at?: string | null;
          email?: string;
          id?: string;
          image_url?: string | null;
          name?: string;
          role?: Database['courses']['Enums']['user_role'];
          updated_at?: string;
        };
        Relationships: [];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      admin_grant_course_access: {
        Args: { p_course_id: string; p_reason?: string; p_user_id: string };
        Returns: boolean;
      };
      admin_revoke_course_access: {
        Args: { p_course_id: string; p_reason?: string; p_user_id: string };
        Returns: boolean;
      };
      admin_set_user_deleted: {
        Args: { p_deleted: boolean; p_user_id: string };
        Returns: {
          created_at: string;
          deleted_at: string | null;
          email: string;
          id: string;
          image_url: string | null;
          name: string;
          role: Database['courses']['Enums']['user_role'];
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      admin_set_user_role: {
        Args: { p_role: Database['courses']['Enums']['user_role']; p_user_id: string };
        Returns: {
          created_at: string;
          deleted_at: string | null;
          email: string;
          id: string;
          image_url: string | null;
          name: string;
          role: Database['courses']['Enums']['user_role'];
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      apply_paid_checkout: {
        Args: {
          p_price_paid_in_cents: number;
          p_product_id: string;
          p_stripe_payment_intent_id: string;
          p_stripe_session_id: string;
          p_user_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_refund: {
        Args: { p_amount: number; p_amount_refunded: number; p_full: boolean; p_stripe_session_id: string };
        Returns: Record<string, unknown>;
      };
      course_lessons_with_progress: {
        Args: { p_course_id: string };
        Returns: {
          completed_at: string;
          lesson_description: string;
          lesson_id: string;
          lesson_name: string;
          lesson_position: number;
          lesson_status: Database['courses']['Enums']['lesson_status'];
          section_id: string;
          section_name: string;
          section_position: number;
        }[];
      };
      course_progress: {
        Args: { p_course_id?: string };
        Returns: {
          completed_lessons: number;
          course_id: string;
          percent: number;
          total_lessons: number;
        }[];
      };
      enroll_current_user: {
        Args: Record<PropertyKey, never>;
        Returns: {
          created_at: string;
          deleted_at: string | null;
          email: string;
          id: string;
          image_url: string | null;
          name: string;
          role: Database['courses']['Enums']['user_role'];
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      has_course_access: { Args: { p_course_id: string }; Returns: boolean };
      price_checkout_item: { Args: { p_product_id: string; p_user_id: string }; Returns: Record<string, unknown> };
      price_product_for_user: {
        Args: { p_product_id: string; p_user_id: string };
        Returns: {
          course_ids: string[];
          description: string;
          image_url: string;
          name: string;
          price_in_cents: number;
          product_id: string;
        }[];
      };
      purchase_history: {
        Args: Record<PropertyKey, never>;
        Returns: {
          created_at: string;
          granted_course_ids: string[];
          id: string;
          price_paid_in_cents: number;
          product_details: NonNullable<Json>;
          product_id: string;
          refunded_at: string | null;
          stripe_payment_intent_id: string | null;
          stripe_session_id: string;
          updated_at: string;
          user_id: string;
        }[];
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: false;
          isSetofReturn: true;
        };
      };
      record_purchase: {
        Args: {
          p_price_paid_in_cents: number;
          p_product_id: string;
          p_stripe_payment_intent_id?: string;
          p_stripe_session_id: string;
          p_user_id: string;
        };
        Returns: {
          created_at: string;
          granted_course_ids: string[];
          id: string;
          price_paid_in_cents: number;
          product_details: NonNullable<Json>;
          product_id: string;
          refunded_at: string | null;
          stripe_payment_intent_id: string | null;
          stripe_session_id: string;
          updated_at: string;
          user_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      refund_purchase: {
        Args: { p_stripe_payment_intent_id?: string; p_stripe_session_id?: string };
        Returns: {
          created_at: string;
          granted_course_ids: string[];
          id: string;
          price_paid_in_cents: number;
          product_details: NonNullable<Json>;
          product_id: string;
          refunded_at: string | null;
          stripe_payment_intent_id: string | null;
          stripe_session_id: string;
          updated_at: string;
          user_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      soft_delete_current_user: {
        Args: Record<PropertyKey, never>;
        Returns: {
          created_at: string;
          deleted_at: string | null;
          email: string;
          id: string;
          image_url: string | null;
          name: string;
          role: Database['courses']['Enums']['user_role'];
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
    };
    Enums: {
      access_change_action: 'grant' | 'revoke';
      access_change_source: 'admin' | 'purchase' | 'refund';
      course_section_status: 'public' | 'private';
      lesson_status: 'public' | 'private' | 'preview';
      product_status: 'public' | 'private';
      user_role: 'admin' | 'user';
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
  dtf: {
    Tables: {
      admin_logs: {
        Row: {
          action: string;
          admin_user_id: string | null;
          created_at: string;
          details: Json | null;
          id: string;
          ip_address: unknown;
          target_id: string | null;
          target_type: string | null;
          user_agent: string | null;
        };
        ComputedFields: never;
        Insert: {
          action: string;
          admin_user_id?: string | null;
          created_at?: string;
          details?: Json | null;
          id?: string;
          ip_address?: unknown;
          target_id?: string | null;
          target_type?: string | null;
          user_agent?: string | null;
        };
        Update: {
          action?: string;
          admin_user_id?: string | null;
          created_at?: string;
          details?: Json | null;
          id?: string;
          ip_address?: unknown;
          target_id?: string | null;
          target_type?: string | null;
          user_agent?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: 'admin_logs_admin_user_id_fkey';
            columns: ['admin_user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'admin_logs_admin_user_id_fkey';
            columns: ['admin_user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      api_costs: {
        Row: {
          api_provider: string;
          cost_per_operation: number;
          created_at: string;
          currency: string;
          effective_date: string;
          id: string;
          is_active: boolean;
          operation_type: string;
        };
        ComputedFields: never;
        Insert: {
          api_provider: string;
          cost_per_operation: number;
          created_at?: string;
          currency?: string;
          effective_date: string;
          id?: string;
          is_active?: boolean;
          operation_type: string;
        };
        Update: {
          api_provider?: string;
          cost_per_operation?: number;
          created_at?: string;
          currency?: string;
          effective_date?: string;
          id?: string;
          is_active?: boolean;
          operation_type?: string;
        };
        Relationships: [];
      };
      api_usage_logs: {
        Row: {
          api_provider: string;
          cost: number | null;
          created_at: string;
          error_message: string | null;
          id: string;
          image_operation_id: string | null;
          operation_type: string;
          request_data: Json | null;
          response_data: Json | null;
          response_time: number | null;
          status_code: number | null;
          user_id: string | null;
        };
        ComputedFields: never;
        Insert: {
          api_provider: string;
          cost?: number | null;
          created_at?: string;
          error_message?: string | null;
          id?: string;
          image_operation_id?: string | null;
          operation_type: string;
          request_data?: Json | null;
          response_data?: Json | null;
          response_time?: number | null;
          status_code?: number | null;
          user_id?: string | null;
        };
        Update: {
          api_provider?: string;
          cost?: number | null;
          created_at?: string;
          error_message?: string | null;
          id?: string;
          image_operation_id?: string | null;
          operation_type?: string;
          request_data?: Json | null;
          response_data?: Json | null;
          response_time?: number | null;
          status_code?: number | null;
          user_id?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: 'api_usage_logs_image_operation_id_fkey';
            columns: ['image_operation_id'];
            isOneToOne: false;
            referencedRelation: 'image_operations';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'api_usage_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'api_usage_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      credit_transactions: {
        Row: {
          amount: number;
          balance_after: number;
          balance_before: number;
          created_at: string;
          description: string | null;
          entry_no: number;
          expires_at: string | null;
          id: string;
          image_operation_id: string | null;
          lot_remaining: number | null;
          metadata: Json | null;
          pay_as_you_go_package_id: string | null;
          related_transaction_id: string | null;
          stripe_checkout_session_id: string | null;
          stripe_invoice_id: string | null;
          stripe_payment_intent_id: string | null;
          stripe_refund_id: string | null;
          subscription_plan_id: string | null;
          transaction_type: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          amount: number;
          balance_after: number;
          balance_before: number;
          created_at?: string;
          description?: string | null;
          entry_no?: never;
          expires_at?: string | null;
          id?: string;
          image_operation_id?: string | null;
          lot_remaining?: number | null;
          metadata?: Json | null;
          pay_as_you_go_package_id?: string | null;
          related_transaction_id?: string | null;
          stripe_checkout_session_id?: string | null;
          stripe_invoice_id?: string | null;
          stripe_payment_intent_id?: string | null;
          stripe_refund_id?: string | null;
          subscription_plan_id?: string | null;
          transaction_type: string;
          user_id: string;
        };
        Update: {
          amount?: number;
          balance_after?: number;
          balance_before?: number;
          created_at?: string;
          description?: string | null;
          entry_no?: never;
          expires_at?: string | null;
          id?: string;
          image_operation_id?: string | null;
          lot_remaining?: number | null;
          metadata?: Json | null;
          pay_as_you_go_package_id?: string | null;
          related_transaction_id?: string | null;
          stripe_checkout_session_id?: string | null;
          stripe_invoice_id?: string | null;
          stripe_payment_intent_id?: string | null;
          stripe_refund_id?: string | null;
          subscription_plan_id?: string | null;
          transaction_type?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'credit_transactions_image_operation_id_fkey';
            columns: ['image_operation_id'];
            isOneToOne: false;
            referencedRelation: 'image_operations';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'credit_transactions_pay_as_you_go_package_id_fkey';
            columns: ['pay_as_you_go_package_id'];
            isOneToOne: false;
            referencedRelation: 'pay_as_you_go_packages';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'credit_transactions_related_transaction_id_fkey';
            columns: ['related_transaction_id'];
            isOneToOne: false;
            referencedRelation: 'credit_transactions';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'credit_transactions_subscription_plan_id_fkey';
            columns: ['subscription_plan_id'];
            isOneToOne: false;
            referencedRelation: 'subscription_plans';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'credit_transactions_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'credit_transactions_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      email_campaigns: {
        Row: {
          created_at: string;
          id: string;
          name: string;
          scheduled_at: string | null;
          sent_at: string | null;
          status: string;
          target_audience: Json | null;
          template_id: string | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          name: string;
          scheduled_at?: string | null;
          sent_at?: string | null;
          status?: string;
          target_audience?: Json | null;
          template_id?: string | null;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          name?: string;
          scheduled_at?: string | null;
          sent_at?: string | null;
          status?: string;
          target_audience?: Json | null;
          template_id?: string | null;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'email_campaigns_template_id_fkey';
            columns: ['template_id'];
            isOneToOne: false;
            referencedRelation: 'email_templates';
            referencedColumns: ['id'];
          },
        ];
      };
      email_logs: {
        Row: {
          campaign_id: string | null;
          clicked_at: string | null;
          delivered_at: string | null;
          id: string;
          opened_at: string | null;
          sendgrid_message_id: string | null;
          sent_at: string;
          status: string;
          template_id: string | null;
          user_id: string | null;
        };
        ComputedFields: never;
        Insert: {
          campaign_id?: string | null;
          clicked_at?: string | null;
          delivered_at?: string | null;
          id?: string;
          opened_at?: string | null;
          sendgrid_message_id?: string | null;
          sent_at?: string;
          status: string;
          template_id?: string | null;
          user_id?: string | null;
        };
        Update: {
          campaign_id?: string | null;
          clicked_at?: string | null;
          delivered_at?: string | null;
          id?: string;
          opened_at?: string | null;
          sendgrid_message_id?: string | null;
          sent_at?: string;
          status?: string;
          template_id?: string | null;
          user_id?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: 'email_logs_campaign_id_fkey';
            columns: ['campaign_id'];
            isOneToOne: false;
            referencedRelation: 'email_campaigns';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'email_logs_template_id_fkey';
            columns: ['template_id'];
            isOneToOne: false;
            referencedRelation: 'email_templates';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'email_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'email_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      email_templates: {
        Row: {
          created_at: string;
          html_content: string;
          id: string;
          is_active: boolean;
          name: string;
          sendgrid_template_id: string | null;
          subject: string;
          text_content: string | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          html_content: string;
          id?: string;
          is_active?: boolean;
          name: string;
          sendgrid_template_id?: string | null;
          subject: string;
          text_content?: string | null;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          html_content?: string;
          id?: string;
          is_active?: boolean;
          name?: string;
          sendgrid_template_id?: string | null;
          subject?: string;
          text_content?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      image_collection_items: {
        Row: {
          added_at: string;
          collection_id: string;
          id: string;
          image_id: string;
        };
        ComputedFields: never;
        Insert: {
          added_at?: string;
          collection_id: string;
          id?: string;
          image_id: string;
        };
        Update: {
          added_at?: string;
          collection_id?: string;
          id?: string;
          image_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'image_collection_items_collection_id_fkey';
            columns: ['collection_id'];
            isOneToOne: false;
            referencedRelation: 'image_collections';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'image_collection_items_image_id_fkey';
            columns: ['image_id'];
            isOneToOne: false;
            referencedRelation: 'images';
            referencedColumns: ['id'];
          },
        ];
      };
      image_collections: {
        Row: {
          created_at: string;
          description: string | null;
          id: string;
          is_public: boolean;
          name: string;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          description?: string | null;
          id?: string;
          is_public?: boolean;
          name: string;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          description?: string | null;
          id?: string;
          is_public?: boolean;
          name?: string;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'image_collections_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'image_collections_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      image_operations: {
        Row: {
          api_cost: number | null;
          api_provider: string;
          completed_at: string | null;
          created_at: string;
          credits_used: number;
          error_message: string | null;
          id: string;
          image_id: string;
          input_data: Json | null;
          operation_type: string;
          output_data: Json | null;
          processing_time: number | null;
          status: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          api_cost?: number | null;
          api_provider: string;
          completed_at?: string | null;
          created_at?: string;
          credits_used?: number;
          error_message?: string | null;
          id?: string;
          image_id: string;
          input_data?: Json | null;
          operation_type: string;
          output_data?: Json | null;
          processing_time?: number | null;
          status?: string;
          user_id: string;
        };
        Update: {
          api_cost?: number | null;
          api_provider?: string;
          completed_at?: string | null;
          created_at?: string;
          credits_used?: number;
          error_message?: string | null;
          id?: string;
          image_id?: string;
          input_data?: Json | null;
          operation_type?: string;
          output_data?: Json | null;
          processing_time?: number | null;
          status?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'image_operations_image_id_fkey';
            columns: ['image_id'];
            isOneToOne: false;
            referencedRelation: 'images';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'image_operations_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'image_operations_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      images: {
        Row: {
          created_at: string;
          download_count: number;
          expires_at: string | null;
          final_url: string | null;
          id: string;
          is_favorite: boolean;
          metadata: Json | null;
          original_file_size: number | null;
          original_file_type: string | null;
          original_filename: string;
          original_url: string | null;
          processed_url: string | null;
          processing_error: string | null;
          processing_status: string;
          thumbnail_url: string | null;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          download_count?: number;
          expires_at?: string | null;
          final_url?: string | null;
          id?: string;
          is_favorite?: boolean;
          metadata?: Json | null;
          original_file_size?: number | null;
          original_file_type?: string | null;
          original_filename: string;
          original_url?: string | null;
          processed_url?: string | null;
          processing_error?: string | null;
          processing_status?: string;
          thumbnail_url?: string | null;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          download_count?: number;
          expires_at?: string | null;
          final_url?: string | null;
          id?: string;
          is_favorite?: boolean;
          metadata?: Json | null;
          original_file_size?: number | null;
          original_file_type?: string | null;
          original_filename?: string;
          original_url?: string | null;
          processed_url?: string | null;
          processing_error?: string | null;
          processing_status?: string;
          thumbnail_url?: string | null;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'images_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'images_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      operation_credit_prices: {
        Row: {
          created_at: string;
          credits: number;
          description: string | null;
          is_active: boolean;
          operation_type: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          credits: number;
          description?: string | null;
          is_active?: boolean;
          operation_type: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          credits?: number;
          description?: string | null;
          is_active?: boolean;
          operation_type?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      pay_as_you_go_packages: {
        Row: {
          created_at: string;
          credit_validity_days: number | null;
          credits: number;
          description: string | null;
          id: string;
          is_active: boolean;
          name: string;
          price: number;
          sort_order: number;
          stripe_price_id: string | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          credit_validity_days?: number | null;
          credits: number;
          description?: string | null;
          id?: string;
          is_active?: boolean;
          name: string;
          price: number;
          sort_order?: number;
          stripe_price_id?: string | null;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          credit_validity_days?: number | null;
          credits?: number;
          description?: string | null;
          id?: string;
          is_active?: boolean;
          name?: string;
          price?: number;
          sort_order?: number;
          stripe_price_id?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      profiles: {
        Row: {
          avatar_url: string | null;
          company: string | null;
          created_at: string;
          credits_remaining: number;
          email: string;
          first_name: string | null;
          id: string;
          is_active: boolean;
          is_admin: boolean;
          last_activity_at: string;
          last_name: string | null;
          phone: string | null;
          stripe_customer_id: string | null;
          stripe_subscription_id: string | null;
          subscription_current_period_end: string | null;
          subscription_event_at: string | null;
          subscription_plan: string;
          subscription_plan_id: string | null;
          subscription_status: string;
          total_credits_purchased: number;
          total_credits_used: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          avatar_url?: string | null;
          company?: string | null;
          created_at?: string;
          credits_remaining?: number;
          email: string;
          first_name?: string | null;
          id: string;
          is_active?: boolean;
          is_admin?: boolean;
          last_activity_at?: string;
          last_name?: string | null;
          phone?: string | null;
          stripe_customer_id?: string | null;
          stripe_subscription_id?: string | null;
          subscription_current_period_end?: string | null;
          subscription_event_at?: string | null;
          subscription_plan?: string;
          subscription_plan_id?: string | null;
          subscription_status?: string;
          total_credits_purchased?: number;
          total_credits_used?: number;
          updated_at?: string;
        };
        Update: {
          avatar_url?: string | null;
          company?: string | null;
          created_at?: string;
          credits_remaining?: number;
          email?: string;
          first_name?: string | null;
          id?: string;
          is_active?: boolean;
          is_admin?: boolean;
          last_activity_at?: string;
          last_name?: string | null;
          phone?: string | null;
          stripe_customer_id?: string | null;
          stripe_subscription_id?: string | null;
          subscription_current_period_end?: string | null;
          subscription_event_at?: string | null;
          subscription_plan?: string;
          subscription_plan_id?: string | null;
          subscription_status?: string;
          total_credits_purchased?: number;
          total_credits_used?: number;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'profiles_subscription_plan_id_fkey';
            columns: ['subscription_plan_id'];
            isOneToOne: false;
            referencedRelation: 'subscription_plans';
            referencedColumns: ['id'];
          },
        ];
      };
      subscription_history: {
        Row: {
          applied: boolean;
          cancelled_at: string | null;
          created_at: string;
          ended_at: string | null;
          id: string;
          started_at: string;
          status: string;
          stripe_event_created_at: string | null;
          stripe_event_id: string | null;
          stripe_subscription_id: string | null;
          subscription_plan_id: string | null;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          applied?: boolean;
          cancelled_at?: string | null;
          created_at?: string;
          ended_at?: string | null;
          id?: string;
          started_at: string;
          status: string;
          stripe_event_created_at?: string | null;
          stripe_event_id?: string | null;
          stripe_subscription_id?: string | null;
          subscription_plan_id?: string | null;
          user_id: string;
        };
        Update: {
          applied?: boolean;
          cancelled_at?: string | null;
          created_at?: string;
          ended_at?: string | null;
          id?: string;
          started_at?: string;
          status?: string;
          stripe_event_created_at?: string | null;
          stripe_event_id?: string | null;
          stripe_subscription_id?: string | null;
          subscription_plan_id?: string | null;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'subscription_history_subscription_plan_id_fkey';
            columns: ['subscription_plan_id'];
            isOneToOne: false;
            referencedRelation: 'subscription_plans';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'subscription_history_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'subscription_history_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
      subscription_plans: {
        Row: {
          created_at: string;
          credits_per_month: number | null;
          description: string | null;
          features: Json | null;
          id: string;
          is_active: boolean;
          monthly_price: number | null;
          name: string;
          sort_order: number;
          stripe_price_id: string | null;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          credits_per_month?: number | null;
          description?: string | null;
          features?: Json | null;
          id?: string;
          is_active?: boolean;
          monthly_price?: number | null;
          name: string;
          sort_order?: number;
          stripe_price_id?: string | null;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          credits_per_month?: number | null;
          description?: string | null;
          features?: Json | null;
          id?: string;
          is_active?: boolean;
          monthly_price?: number | null;
          name?: string;
          sort_order?: number;
          stripe_price_id?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      system_metrics: {
        Row: {
          id: string;
          metric_name: string;
          metric_unit: string | null;
          metric_value: number | null;
          recorded_at: string;
          tags: Json | null;
        };
        ComputedFields: never;
        Insert: {
          id?: string;
          metric_name: string;
          metric_unit?: string | null;
          metric_value?: number | null;
          recorded_at?: string;
          tags?: Json | null;
        };
        Update: {
          id?: string;
          metric_name?: string;
          metric_unit?: string | null;
          metric_value?: number | null;
          recorded_at?: string;
          tags?: Json | null;
        };
        Relationships: [];
      };
      user_activity_logs: {
        Row: {
          activity_data: Json | null;
          activity_type: string;
          created_at: string;
          id: string;
          ip_address: unknown;
          user_agent: string | null;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          activity_data?: Json | null;
          activity_type: string;
          created_at?: string;
          id?: string;
          ip_address?: unknown;
          user_agent?: string | null;
          user_id: string;
        };
        Update: {
          activity_data?: Json | null;
          activity_type?: string;
          created_at?: string;
          id?: string;
          ip_address?: unknown;
          user_agent?: string | null;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'user_activity_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'profiles';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'user_activity_logs_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'user_analytics';
            referencedColumns: ['id'];
          },
        ];
      };
    };
    Views: {
      api_cost_report: {
        Row: {
          api_provider: string;
          avg_response_time: number | null;
          calls: number | null;
          current_cost_per_operation: number | null;
          failed_calls: number | null;
          month: string | null;
          operation_type: string;
          total_cost: number | null;
        };
        ComputedFields: never;
        Relationships: [];
      };
      revenue_analytics: {
        Row: {
          gross_revenue: number | null;
          month: string | null;
          paid_transactions: number | null;
          total_credits: number | null;
          transaction_count: number | null;
          transaction_type: string;
        };
        ComputedFields: never;
        Relationships: [];
      };
      user_analytics: {
        Row: {
          completed_images: number | null;
          credits_remaining: number;
          email: string;
          failed_images: number | null;
          id: string;
          last_image_created: string | null;
          subscription_plan: string;
          subscription_status: string;
          total_credits_purchased: number;
          total_credits_used: number;
          total_images: number | null;
          user_created_at: string;
        };
        ComputedFields: never;
        Relationships: [];
      };
    };
    Functions: {
      add_user_credits: {
        Args: {
          p_amount: number;
          p_description?: string;
          p_metadata?: Json;
          p_transaction_type: string;
          p_user_id: string;
        };
        Returns: number;
      };
      admin_grant_credits: { Args: { p_amount: number; p_reason: string; p_user_id: string }; Returns: number };
      admin_set_user_active: {
        Args: { p_is_active: boolean; p_user_id: string };
        Returns: {
          avatar_url: string | null;
          company: string | null;
          created_at: string;
          credits_remaining: number;
          email: string;
          first_name: string | null;
          id: string;
          is_active: boolean;
          is_admin: boolean;
          last_activity_at: string;
          last_name: string | null;
          phone: string | null;
          stripe_customer_id: string | null;
          stripe_subscription_id: string | null;
          subscription_current_period_end: string | null;
          subscription_event_at: string | null;
          subscription_plan: string;
          subscription_plan_id: string | null;
          subscription_status: string;
          total_credits_purchased: number;
          total_credits_used: number;
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'profiles';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      apply_paid_checkout: {
        Args: {
          p_package_id: string;
          p_stripe_checkout_session_id: string;
          p_stripe_payment_intent_id: string;
          p_user_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_paid_invoice: {
        Args: {
          p_period_end: string;
          p_period_start: string;
          p_stripe_customer_id: string;
          p_stripe_invoice_id: string;
          p_stripe_payment_intent_id: string;
          p_stripe_price_id: string;
          p_stripe_subscription_id: string;
          p_user_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_refund: {
        Args: {
          p_amount: number;
          p_amount_refunded: number;
          p_full: boolean;
          p_refund_key: string;
          p_stripe_checkout_session_id: string;
          p_stripe_payment_intent_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_subscription_event: {
        Args: {
          p_cancelled_at?: string;
          p_current_period_end?: string;
          p_current_period_start?: string;
          p_event_created_at: string;
          p_event_type: string;
          p_stripe_customer_id: string;
          p_stripe_event_id: string;
          p_stripe_price_id: string;
          p_stripe_status: string;
          p_stripe_subscription_id: string;
          p_user_id: string;
        };
        Returns: {
          applied: boolean;
          history_id: string;
          reason: string;
        }[];
      };
      complete_image_operation: {
        Args: {
          p_api_cost?: number;
          p_final_url?: string;
          p_operation_id: string;
          p_output_data: Json;
          p_processed_url?: string;
          p_processing_time: number;
          p_thumbnail_url?: string;
        };
        Returns: {
          api_cost: number | null;
          api_provider: string;
          completed_at: string | null;
          created_at: string;
          credits_used: number;
          error_message: string | null;
          id: string;
          image_id: string;
          input_data: Json | null;
          operation_type: string;
          output_data: Json | null;
          processing_time: number | null;
          status: string;
          user_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'image_operations';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      deduct_user_credits: {
        Args: {
          p_amount: number;
          p_description?: string;
          p_metadata?: Json;
          p_transaction_type?: string;
          p_user_id: string;
        };
        Returns: number;
      };
      enroll_current_user: {
        Args: Record<PropertyKey, never>;
        Returns: {
          avatar_url: string | null;
          company: string | null;
          created_at: string;
          credits_remaining: number;
          email: string;
          first_name: string | null;
          id: string;
          is_active: boolean;
          is_admin: boolean;
          last_activity_at: string;
          last_name: string | null;
          phone: string | null;
          stripe_customer_id: string | null;
          stripe_subscription_id: string | null;
          subscription_current_period_end: string | null;
          subscription_event_at: string | null;
          subscription_plan: string;
          subscription_plan_id: string | null;
          subscription_status: string;
          total_credits_purchased: number;
          total_credits_used: number;
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'profiles';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      expire_credits: { Args: { p_as_of?: string; p_limit?: number }; Returns: number };
      fail_image_operation: {
        Args: { p_api_cost?: number; p_error_message: string; p_operation_id: string; p_status_code?: number };
        Returns: {
          api_cost: number | null;
          api_provider: string;
          completed_at: string | null;
          created_at: string;
          credits_used: number;
          error_message: string | null;
          id: string;
          image_id: string;
          input_data: Json | null;
          operation_type: string;
          output_data: Json | null;
          processing_time: number | null;
          status: string;
          user_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'image_operations';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      fulfil_credit_purchase: {
        Args: {
          p_package_id: string;
          p_stripe_checkout_session_id: string;
          p_stripe_payment_intent_id?: string;
          p_user_id: string;
        };
        Returns: {
          already_applied: boolean;
          amount: number;
          credits_remaining: number;
          transaction_id: string;
        }[];
      };
      grant_subscription_credits: {
        Args: {
          p_expires_at?: string;
          p_period_end?: string;
          p_period_start?: string;
          p_stripe_invoice_id: string;
          p_stripe_payment_intent_id?: string;
          p_stripe_price_id: string;
          p_stripe_subscription_id?: string;
          p_user_id: string;
        };
        Returns: {
          already_applied: boolean;
          amount: number;
          credits_remaining: number;
          transaction_id: string;
        }[];
      };
      price_checkout_item: { Args: { p_item_id: string; p_user_id: string }; Returns: Record<string, unknown> };
      reverse_credit_purchase: {
        Args: {
          p_credits?: number;
          p_stripe_checkout_session_id?: string;
          p_stripe_payment_intent_id?: string;
          p_stripe_refund_id: string;
        };
        Returns: {
          already_applied: boolean;
          amount: number;
          credits_remaining: number;
          transaction_id: string;
        }[];
      };
      start_image_operation: {
        Args: { p_api_provider: string; p_image_id: string; p_input_data?: Json; p_operation_type: string };
        Returns: {
          api_cost: number | null;
          api_provider: string;
          completed_at: string | null;
          created_at: string;
          credits_used: number;
          error_message: string | null;
          id: string;
          image_id: string;
          input_data: Json | null;
          operation_type: string;
          output_data: Json | null;
          processing_time: number | null;
          status: string;
          user_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'image_operations';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      subscription_cancelled_since: { Args: { p_since: string; p_user_id: string }; Returns: boolean };
      subscription_owner: { Args: { p_stripe_customer_id: string; p_stripe_subscription_id: string }; Returns: string };
    };
    Enums: {
      [_ in never]: never;
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
  marketplace: {
    Tables: {
      analytics_daily: {
        Row: {
          created_at: string;
          date: string;
          downloads_count: number;
          id: string;
          revenue: number;
          sales_count: number;
          updated_at: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          date: string;
          downloads_count?: number;
          id?: string;
          revenue?: number;
          sales_count?: number;
          updated_at?: string;
          workflow_id: string;
        };
        Update: {
          created_at?: string;
          date?: string;
          downloads_count?: number;
          id?: string;
          revenue?: number;
          sales_count?: number;
          updated_at?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'analytics_daily_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      audit_logs: {
        Row: {
          action: string;
          actor_role: string;
          admin_id: string | null;
          created_at: string;
          id: string;
          metadata: Json | null;
          new_values: Json | null;
          old_values: Json | null;
          target_id: string | null;
          target_type: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          action: string;
          actor_role: string;
          admin_id?: string | null;
          created_at?: string;
          id?: string;
          metadata?: Json | null;
          new_values?: Json | null;
          old_values?: Json | null;
          target_id?: string | null;
          target_type: string;
          updated_at?: string;
        };
        Update: {
          action?: string;
          actor_role?: string;
          admin_id?: string | null;
          created_at?: string;
          id?: string;
          metadata?: Json | null;
          new_values?: Json | null;
          old_values?: Json | null;
          target_id?: string | null;
          target_type?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'audit_logs_admin_id_fkey';
            columns: ['admin_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      categories: {
        Row: {
          created_at: string;
          description: string | null;
          id: string;
          name: string;
          position: number;
          slug: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          description?: string | null;
          id?: string;
          name: string;
          position?: number;
          slug: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          description?: string | null;
          id?: string;
          name?: string;
          position?: number;
          slug?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      comment_likes: {
        Row: {
          comment_id: string;
          created_at: string;
          id: string;
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          comment_id: string;
          created_at?: string;
          id?: string;
          updated_at?: string;
          user_id: string;
        };
        Update: {
          comment_id?: string;
          created_at?: string;
          id?: string;
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'comment_likes_comment_id_fkey';
            columns: ['comment_id'];
            isOneToOne: false;
            referencedRelation: 'comments';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'comment_likes_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      comments: {
        Row: {
          content: string;
          created_at: string;
          id: string;
          likes_count: number;
          parent_comment_id: string | null;
          updated_at: string;
          user_id: string | null;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          content: string;
          created_at?: string;
          id?: string;
          likes_count?: number;
          parent_comment_id?: string | null;
          updated_at?: string;
          user_id?: string | null;
          workflow_id: string;
        };
        Update: {
          content?: string;
          created_at?: string;
          id?: string;
          likes_count?: number;
          parent_comment_id?: string | null;
          updated_at?: string;
          user_id?: string | null;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'comments_parent_fkey';
            columns: ['parent_comment_id', 'workflow_id'];
            isOneToOne: false;
            referencedRelation: 'comments';
            referencedColumns: ['id', 'workflow_id'];
          },
          {
            foreignKeyName: 'comments_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'comments_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      contact_messages: {
        Row: {
          created_at: string;
          email: string;
          id: string;
          is_read: boolean;
          message: string;
          name: string;
          subject: string | null;
          updated_at: string;
          user_id: string | null;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          email: string;
          id?: string;
          is_read?: boolean;
          message: string;
          name: string;
          subject?: string | null;
          updated_at?: string;
          user_id?: string | null;
        };
        Update: {
          created_at?: string;
          email?: string;
          id?: string;
          is_read?: boolean;
          message?: string;
          name?: string;
          subject?: string | null;
          updated_at?: string;
          user_id?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: 'contact_messages_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      favorites: {
        Row: {
          created_at: string;
          id: string;
          updated_at: string;
          user_id: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          updated_at?: string;
          user_id: string;
          workflow_id: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          updated_at?: string;
          user_id?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'favorites_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'favorites_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      invoice_counters: {
        Row: {
          created_at: string;
          invoice_year: number;
          last_sequence: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          invoice_year: number;
          last_sequence?: number;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          invoice_year?: number;
          last_sequence?: number;
          updated_at?: string;
        };
        Relationships: [];
      };
      invoices: {
        Row: {
          amount: number;
          billing_address: Json | null;
          billing_email: string | null;
          billing_name: string | null;
          created_at: string;
          currency: string;
          id: string;
          invoice_number: string;
          invoice_sequence: number;
          invoice_year: number;
          issued_at: string;
          purchase_id: string;
          tax: number;
          total: number;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          amount: number;
          billing_address?: Json | null;
          billing_email?: string | null;
          billing_name?: string | null;
          created_at?: string;
          currency: string;
          id?: string;
          invoice_number: string;
          invoice_sequence: number;
          invoice_year: number;
          issued_at?: string;
          purchase_id: string;
          tax?: number;
          total: number;
          updated_at?: string;
        };
        Update: {
          amount?: number;
          billing_address?: Json | null;
          billing_email?: string | null;
          billing_name?: string | null;
          created_at?: string;
          currency?: string;
          id?: string;
          invoice_number?: string;
          invoice_sequence?: number;
          invoice_year?: number;
          issued_at?: string;
          purchase_id?: string;
          tax?: number;
          total?: number;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'invoices_purchase_id_fkey';
            columns: ['purchase_id'];
            isOneToOne: true;
            referencedRelation: 'purchases';
            referencedColumns: ['id'];
          },
        ];
      };
      notifications: {
        Row: {
          created_at: string;
          id: string;
          is_unread: boolean;
          message: string | null;
          title: string;
          type: Database['marketplace']['Enums']['notification_type'];
          updated_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          is_unread?: boolean;
          message?: string | null;
          title: string;
          type?: Database['marketplace']['Enums']['notification_type'];
          updated_at?: string;
          user_id: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          is_unread?: boolean;
          message?: string | null;
          title?: string;
          type?: Database['marketplace']['Enums']['notification_type'];
          updated_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'notifications_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      purchases: {
        Row: {
          amount: number;
          created_at: string;
          currency: string;
          id: string;
          paid_at: string | null;
          payment_method: Database['marketplace']['Enums']['payment_method'];
          refunded_at: string | null;
          status: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id: string | null;
          stripe_payment_intent_id: string | null;
          tax: number;
          total: number;
          updated_at: string;
          user_id: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          amount: number;
          created_at?: string;
          currency?: string;
          id?: string;
          paid_at?: string | null;
          payment_method: Database['marketplace']['Enums']['payment_method'];
          refunded_at?: string | null;
          status?: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id?: string | null;
          stripe_payment_intent_id?: string | null;
          tax?: number;
          total: number;
          updated_at?: string;
          user_id: string;
          workflow_id: string;
        };
        Update: {
          amount?: number;
          created_at?: string;
          currency?: string;
          id?: string;
          paid_at?: string | null;
          payment_method?: Database['marketplace']['Enums']['payment_method'];
          refunded_at?: string | null;
          status?: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id?: string | null;
          stripe_payment_intent_id?: string | null;
          tax?: number;
          total?: number;
          updated_at?: string;
          user_id?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'purchases_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'purchases_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      system_settings: {
        Row: {
          created_at: string;
          id: string;
          key: string;
          updated_at: string;
          value: NonNullable<Json>;
          value_type: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          key: string;
          updated_at?: string;
          value: NonNullable<Json>;
          value_type?: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          key?: string;
          updated_at?: string;
          value?: NonNullable<Json>;
          value_type?: string;
        };
        Relationships: [];
      };
      user_settings: {
        Row: {
          created_at: string;
          email_notifications: boolean;
          id: string;
          locale: string | null;
          marketing_emails: boolean;
          timezone: string | null;
          updated_at: string;
          user_id: string;
          workflow_updates: boolean;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          email_notifications?: boolean;
          id?: string;
          locale?: string | null;
          marketing_emails?: boolean;
          timezone?: string | null;
          updated_at?: string;
          user_id: string;
          workflow_updates?: boolean;
        };
        Update: {
          created_at?: string;
          email_notifications?: boolean;
          id?: string;
          locale?: string | null;
          marketing_emails?: boolean;
          timezone?: string | null;
          updated_at?: string;
          user_id?: string;
          workflow_updates?: boolean;
        };
        Relationships: [
          {
            foreignKeyName: 'user_settings_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: true;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
        ];
      };
      users: {
        Row: {
          created_at: string;
          email: string | null;
          id: string;
          is_deleted: boolean;
          last_login: string | null;
          name: string;
          role: Database['marketplace']['Enums']['user_role'];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          email?: string | null;
          id: string;
          is_deleted?: boolean;
          last_login?: string | null;
          name: string;
          role?: Database['marketplace']['Enums']['user_role'];
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          email?: string | null;
          id?: string;
          is_deleted?: boolean;
          last_login?: string | null;
          name?: string;
          role?: Database['marketplace']['Enums']['user_role'];
          updated_at?: string;
        };
        Relationships: [];
      };
      workflow_assets: {
        Row: {
          asset_url: string;
          created_at: string;
          id: string;
          kind: string;
          position: number;
          updated_at: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          asset_url: string;
          created_at?: string;
          id?: string;
          kind?: string;
          position?: number;
          updated_at?: string;
          workflow_id: string;
        };
        Update: {
          asset_url?: string;
          created_at?: string;
          id?: string;
          kind?: string;
          position?: number;
          updated_at?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workflow_assets_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      workflow_categories: {
        Row: {
          category_id: string;
          created_at: string;
          updated_at: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          category_id: string;
          created_at?: string;
          updated_at?: string;
          workflow_id: string;
        };
        Update: {
          category_id?: string;
          created_at?: string;
          updated_at?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workflow_categories_category_id_fkey';
            columns: ['category_id'];
            isOneToOne: false;
            referencedRelation: 'categories';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workflow_categories_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      workflow_docs: {
        Row: {
          created_at: string;
          id: string;
          position: number;
          title: string;
          updated_at: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          id?: string;
          position?: number;
          title: string;
          updated_at?: string;
          workflow_id: string;
        };
        Update: {
          created_at?: string;
          id?: string;
          position?: number;
          title?: string;
          updated_at?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workflow_docs_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      workflow_packages: {
        Row: {
          created_at: string;
          file_url: string;
          updated_at: string;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          file_url: string;
          updated_at?: string;
          workflow_id: string;
        };
        Update: {
          created_at?: string;
          file_url?: string;
          updated_at?: string;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workflow_packages_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: true;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      workflow_reviews: {
        Row: {
          body: string | null;
          created_at: string;
          id: string;
          rating: number;
          title: string | null;
          updated_at: string;
          user_id: string | null;
          workflow_id: string;
        };
        ComputedFields: never;
        Insert: {
          body?: string | null;
          created_at?: string;
          id?: string;
          rating: number;
          title?: string | null;
          updated_at?: string;
          user_id?: string | null;
          workflow_id: string;
        };
        Update: {
          body?: string | null;
          created_at?: string;
          id?: string;
          rating?: number;
          title?: string | null;
          updated_at?: string;
          user_id?: string | null;
          workflow_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: 'workflow_reviews_user_id_fkey';
            columns: ['user_id'];
            isOneToOne: false;
            referencedRelation: 'users';
            referencedColumns: ['id'];
          },
          {
            foreignKeyName: 'workflow_reviews_workflow_id_fkey';
            columns: ['workflow_id'];
            isOneToOne: false;
            referencedRelation: 'workflows';
            referencedColumns: ['id'];
          },
        ];
      };
      workflows: {
        Row: {
          created_at: string;
          currency: string;
          description: string | null;
          downloads_count: number;
          features: string[];
          id: string;
          is_deleted: boolean;
          price: number;
          rating_avg: number | null;
          reviews_count: number;
          status: Database['marketplace']['Enums']['workflow_status'];
          tags: string[];
          title: string;
          updated_at: string;
          video_url: string | null;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          currency?: string;
          description?: string | null;
          downloads_count?: number;
          features?: string[];
          id?: string;
          is_deleted?: boolean;
          price?: number;
          rating_avg?: number | null;
          reviews_count?: number;
          status?: Database['marketplace']['Enums']['workflow_status'];
          tags?: string[];
          title: string;
          updated_at?: string;
          video_url?: string | null;
        };
        Update: {
          created_at?: string;
          currency?: string;
          description?: string | null;
          downloads_count?: number;
          features?: string[];
          id?: string;
          is_deleted?: boolean;
          price?: number;
          rating_avg?: number | null;
          reviews_count?: number;
          status?: Database['marketplace']['Enums']['workflow_status'];
          tags?: string[];
          title?: string;
          updated_at?: string;
          video_url?: string | null;
        };
        Relationships: [];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      apply_closed_checkout: {
        Args: { p_failed: boolean; p_stripe_checkout_session_id: string };
        Returns: Record<string, unknown>;
      };
      apply_paid_checkout: {
        Args: {
          p_billing_address: Json;
          p_billing_email: string;
          p_billing_name: string;
          p_paid_at: string;
          p_stripe_checkout_session_id: string;
          p_stripe_payment_intent_id: string;
          p_user_id: string;
          p_workflow_id: string;
        };
        Returns: Record<string, unknown>;
      };
      apply_refund: {
        Args: {
          p_amount: number;
          p_amount_refunded: number;
          p_full: boolean;
          p_refunded_at: string;
          p_stripe_checkout_session_id: string;
        };
        Returns: Record<string, unknown>;
      };
      author_names: {
        Args: { p_user_ids: string[] };
        Returns: {
          name: string;
          user_id: string;
        }[];
      };
      create_checkout_purchase: {
        Args: {
          p_expected_amount?: number;
          p_payment_method?: Database['marketplace']['Enums']['payment_method'];
          p_stripe_checkout_session_id: string;
          p_tax?: number;
          p_user_id: string;
          p_workflow_id: string;
        };
        Returns: {
          amount: number;
          created_at: string;
          currency: string;
          id: string;
          paid_at: string | null;
          payment_method: Database['marketplace']['Enums']['payment_method'];
          refunded_at: string | null;
          status: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id: string | null;
          stripe_payment_intent_id: string | null;
          tax: number;
          total: number;
          updated_at: string;
          user_id: string;
          workflow_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      download_workflow: { Args: { p_workflow_id: string }; Returns: string };
      enroll_current_user: {
        Args: Record<PropertyKey, never>;
        Returns: {
          created_at: string;
          email: string | null;
          id: string;
          is_deleted: boolean;
          last_login: string | null;
          name: string;
          role: Database['marketplace']['Enums']['user_role'];
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'users';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      fulfil_checkout_purchase: {
        Args: {
          p_billing_address?: Json;
          p_billing_email?: string;
          p_billing_name?: string;
          p_paid_at?: string;
          p_payment_method?: Database['marketplace']['Enums']['payment_method'];
          p_stripe_checkout_session_id: string;
          p_stripe_payment_intent_id?: string;
        };
        Returns: {
          amount: number;
          billing_address: Json | null;
          billing_email: string | null;
          billing_name: string | null;
          created_at: string;
          currency: string;
          id: string;
          invoice_number: string;
          invoice_sequence: number;
          invoice_year: number;
          issued_at: string;
          purchase_id: string;
          tax: number;
          total: number;
          updated_at: string;
        };
        SetofOptions: {
          from: '*';
          to: 'invoices';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      price_checkout_item: { Args: { p_user_id: string; p_workflow_id: string }; Returns: Record<string, unknown> };
      refund_checkout_purchase: {
        Args: { p_refunded_at?: string; p_stripe_checkout_session_id: string };
        Returns: {
          amount: number;
          created_at: string;
          currency: string;
          id: string;
          paid_at: string | null;
          payment_method: Database['marketplace']['Enums']['payment_method'];
          refunded_at: string | null;
          status: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id: string | null;
          stripe_payment_intent_id: string | null;
          tax: number;
          total: number;
          updated_at: string;
          user_id: string;
          workflow_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      reject_checkout_purchase: {
        Args: { p_status?: Database['marketplace']['Enums']['purchase_status']; p_stripe_checkout_session_id: string };
        Returns: {
          amount: number;
          created_at: string;
          currency: string;
          id: string;
          paid_at: string | null;
          payment_method: Database['marketplace']['Enums']['payment_method'];
          refunded_at: string | null;
          status: Database['marketplace']['Enums']['purchase_status'];
          stripe_checkout_session_id: string | null;
          stripe_payment_intent_id: string | null;
          tax: number;
          total: number;
          updated_at: string;
          user_id: string;
          workflow_id: string;
        };
        SetofOptions: {
          from: '*';
          to: 'purchases';
          isOneToOne: true;
          isSetofReturn: false;
        };
      };
      search_catalogue: {
        Args: {
          p_category_id?: string;
          p_limit?: number;
          p_max_price?: number;
          p_min_price?: number;
          p_offset?: number;
          p_sort?: string;
        };
        Returns: Database['marketplace']['CompositeTypes']['catalogue_item'][];
        SetofOptions: {
          from: '*';
          to: 'catalogue_item';
          isOneToOne: false;
          isSetofReturn: true;
        };
      };
    };
    Enums: {
      notification_type: 'SUCCESS' | 'WARNING' | 'ERROR';
      payment_method: 'CARD' | 'PAYPAL' | 'BANK_TRANSFER' | 'QR';
      purchase_status: 'ACTIVE' | 'PENDING' | 'REJECT' | 'REFUNDED' | 'FAILED';
      user_role: 'USER' | 'ADMIN';
      workflow_status: 'active' | 'draft' | 'archived' | 'expired';
    };
    CompositeTypes: {
      catalogue_item: {
        id: string | null;
        title: string | null;
        description: string | null;
        price: number | null;
        currency: string | null;
        tags: string[] | null;
        features: string[] | null;
        video_url: string | null;
        downloads_count: number | null;
        rating_avg: number | null;
        reviews_count: number | null;
        category_ids: string[] | null;
        created_at: string | null;
      };
    };
  };
  public: {
    Tables: {
      [_ in never]: never;
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      [_ in never]: never;
    };
    Enums: {
      [_ in never]: never;
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>;

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, 'public'>];

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    keyof (DefaultSchema['Tables'] & DefaultSchema['Views']) | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Views'])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Views'])[TableName] extends {
      Row: infer R;
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema['Tables'] & DefaultSchema['Views'])
    ? (DefaultSchema['Tables'] & DefaultSchema['Views'])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R;
      }
      ? R
      : never
    : never;

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables'] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables']
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'][TableName] extends {
      Insert: infer I;
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables']
    ? DefaultSchema['Tables'][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I;
      }
      ? I
      : never
    : never;

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables'] | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables']
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions['schema']]['Tables'][TableName] extends {
      Update: infer U;
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema['Tables']
    ? DefaultSchema['Tables'][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U;
      }
      ? U
      : never
    : never;

export type Enums<
  DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema['Enums'] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions['schema']]['Enums']
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions['schema']]['Enums'][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema['Enums']
    ? DefaultSchema['Enums'][DefaultSchemaEnumNameOrOptions]
    : never;

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    keyof DefaultSchema['CompositeTypes'] | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions['schema']]['CompositeTypes']
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions['schema']]['CompositeTypes'][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema['CompositeTypes']
    ? DefaultSchema['CompositeTypes'][PublicCompositeTypeNameOrOptions]
    : never;

export const Constants = {
  adly: {
    Enums: {
      generation_job_status: ['pending', 'processing', 'completed', 'failed'],
      workspace_role: ['viewer', 'member', 'owner'],
    },
  },
  courses: {
    Enums: {
      access_change_action: ['grant', 'revoke'],
      access_change_source: ['admin', 'purchase', 'refund'],
      course_section_status: ['public', 'private'],
      lesson_status: ['public', 'private', 'preview'],
      product_status: ['public', 'private'],
      user_role: ['admin', 'user'],
    },
  },
  dtf: {
    Enums: {},
  },
  marketplace: {
    Enums: {
      notification_type: ['SUCCESS', 'WARNING', 'ERROR'],
      payment_method: ['CARD', 'PAYPAL', 'BANK_TRANSFER', 'QR'],
      purchase_status: ['ACTIVE', 'PENDING', 'REJECT', 'REFUNDED', 'FAILED'],
      user_role: ['USER', 'ADMIN'],
      workflow_status: ['active', 'draft', 'archived', 'expired'],
    },
  },
  public: {
    Enums: {},
  },
} as const;
